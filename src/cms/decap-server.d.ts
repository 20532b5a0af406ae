/** decap-server ships no types; the content editor's local API uses this one function (a CommonJS export). */
declare module 'decap-server/dist/middlewares.js' {
  const middlewares: {
    registerLocalFs(app: { use(handler: unknown): void; post(path: string, handler: (req: { body: unknown }, res: unknown, next: () => void) => unknown): void }): Promise<void>;
  };
  export default middlewares;
}
