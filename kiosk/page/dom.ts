/** Children h() accepts: nodes, text (always as text, never as HTML), and skipped falsy values. */
export type Child = Node | string | number | undefined | null | false;

/**
 * Builds an element. Text goes in as text nodes only: frames come from the
 * backend under test and may hold anything, so nothing is ever parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined | false> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== false) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** The element with that id, or an error naming it (the page shell is ours; a missing id is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`kiosk page: #${id} is missing`);
  return element as T;
}
