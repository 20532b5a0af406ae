/** A request that cannot be served as sent; becomes a 4xx answer. */
export class HttpError extends Error {
  readonly status: number;
  /** Per-field messages, keyed by the field's name (`answers.nps`). */
  readonly fields: Record<string, string[]> | undefined;

  constructor(status: number, message: string, fields?: Record<string, string[]>) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.fields = fields;
  }
}
