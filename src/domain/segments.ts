// Moved to src/newsletter/segments.ts; the content schemas (src/catalog/) still import it from here.
export { segmentKinds, type Segment, type SegmentKind } from '../newsletter/segments.ts';
