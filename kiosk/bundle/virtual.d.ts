// Modules scripts/build-kiosk.mjs generates while bundling the kiosk page.
declare module 'paysock-virtual:standalone-fast';
declare module 'paysock-virtual:standalone-all';
declare module 'paysock-virtual:schemas' {
  const files: unknown[];
  export default files;
}
declare module 'paysock-virtual:requirements' {
  /** docs/protocol.md's requirements. */
  const requirements: unknown[];
  export default requirements;
  /** docs/protocol-v2.md's (empty in the v1 page's bundle). */
  export const v2: unknown[];
}
