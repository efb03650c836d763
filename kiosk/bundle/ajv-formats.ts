/** Stands in for `ajv-formats` in the kiosk bundle: no schema uses a format, and the formats were applied at build time. */
export default function addFormats(): void {}
