/** The figure netlists and the libraries they include, bundled into the page by scripts/build-web.ts. */
declare module 'memspice:netlists' {
  export const NETLISTS: Record<string, string>;
  export const LIBRARIES: Record<string, string>;
}
