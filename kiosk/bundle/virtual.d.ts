// Modules scripts/build-kiosk.mjs generates while bundling the kiosk page.
declare module 'paysock-virtual:standalone-fast';
declare module 'paysock-virtual:standalone-all';
declare module 'paysock-virtual:schemas' {
  const files: unknown[];
  export default files;
}
declare module 'paysock-virtual:requirements' {
  const requirements: unknown[];
  export default requirements;
}
