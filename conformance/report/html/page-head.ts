import { createHash } from 'node:crypto';

/**
 * The head of a self-contained report page. Its Content-Security-Policy
 * allows only the page's own inline `script` (by hash) and no network loads
 * at all, so even a frame that escaped escaping could neither run nor phone
 * home. `title` and `generator` must already be escaped.
 */
export function pageHead(options: { script: string; styles: string; title: string; generator?: string }): string {
  const scriptHash = createHash('sha256').update(options.script, 'utf8').digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.generator !== undefined ? `<meta name="generator" content="${options.generator}">\n` : ''}<title>${options.title}</title>
<style>${options.styles}</style>
</head>`;
}
