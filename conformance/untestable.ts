/**
 * MUST requirements no case can check from outside the backend, and why.
 * The coverage test demands that every MUST requirement is either checked by
 * a case or listed here; the report shows the reason.
 */
export const untestable: Readonly<Record<string, string>> = {
  'RES-2': 'needs a restart of the backend under test, which the runner cannot cause',
  'ERR-8': 'needs an internal failure inside the backend, which cannot be provoked from the wire',
};
