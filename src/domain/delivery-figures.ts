// Moved to src/newsletter/delivery-figures.ts; the monthly summary still imports it from here.
export * from '../newsletter/delivery-figures.ts';
