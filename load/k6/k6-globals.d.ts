/** k6 provides a console (https://grafana.com/docs/k6/latest/javascript-api/#console) that @types/k6 does not declare. */
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
