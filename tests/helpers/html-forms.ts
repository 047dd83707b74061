// The forms of an HTML page as a browser would submit them, read with regular expressions: enough
// for server-rendered admin pages (WordPress's own, a plugin's settings page), not for arbitrary
// HTML. Disabled fields and unchecked boxes are left out; a <select> sends its selected option.

export type FormField = { name: string; value: string };
export type HtmlForm = {
  /** Absolute URL the form posts to (the page itself when the form has no action). */
  action: string;
  method: "get" | "post";
  /** What the form sends as the page filled it, in document order (names may repeat). */
  fields: FormField[];
  /** Named submit buttons, in document order; not part of `fields`. */
  submits: FormField[];
  /** Every field name in the form, submit buttons and unchecked boxes included. */
  names: Set<string>;
};

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Attributes of one start tag; a bare attribute (`checked`, `disabled`) has the value "". */
export function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

const CONTROLS =
  /<input\b([^>]*)>|<select\b([^>]*)>([\s\S]*?)<\/select\s*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea\s*>|<button\b([^>]*)>/gi;
const NOT_SENT = new Set(["button", "image", "reset", "file"]);

function selectedOptions(html: string, multiple: boolean): string[] {
  const options = [...html.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((match) => {
    const attributes = parseAttributes(match[1] ?? "");
    return { value: attributes.get("value") ?? decodeEntities(match[2] ?? "").trim(), selected: attributes.has("selected") };
  });
  const selected = options.filter((option) => option.selected).map((option) => option.value);
  if (multiple) return selected;
  return selected.length > 0 ? [selected[selected.length - 1] ?? ""] : options.slice(0, 1).map((option) => option.value);
}

function readForm(attributesText: string, body: string, pageUrl: string): HtmlForm {
  const attributes = parseAttributes(attributesText);
  const form: HtmlForm = {
    action: new URL(attributes.get("action") || pageUrl, pageUrl).toString(),
    method: attributes.get("method")?.toLowerCase() === "get" ? "get" : "post",
    fields: [],
    submits: [],
    names: new Set(),
  };
  for (const match of body.matchAll(CONTROLS)) {
    const [, input, select, selectBody, textarea, textareaBody, button] = match;
    const tag = parseAttributes(input ?? select ?? textarea ?? button ?? "");
    const name = tag.get("name");
    if (!name) continue;
    form.names.add(name);
    if (tag.has("disabled")) continue;
    const value = tag.get("value") ?? "";
    if (input !== undefined) {
      const type = (tag.get("type") ?? "text").toLowerCase();
      if (type === "submit") form.submits.push({ name, value });
      else if (type === "checkbox" || type === "radio") {
        if (tag.has("checked")) form.fields.push({ name, value: tag.get("value") ?? "on" });
      } else if (!NOT_SENT.has(type)) form.fields.push({ name, value });
    } else if (select !== undefined) {
      for (const option of selectedOptions(selectBody ?? "", tag.has("multiple"))) form.fields.push({ name, value: option });
    } else if (textarea !== undefined) {
      form.fields.push({ name, value: decodeEntities((textareaBody ?? "").replace(/^\r?\n/, "")) });
    } else if ((tag.get("type") ?? "submit").toLowerCase() === "submit") {
      form.submits.push({ name, value });
    }
  }
  return form;
}

/** Every <form> of the page, with actions resolved against the page's URL. */
export function parseForms(html: string, pageUrl: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form\s*>/gi)].map((match) => readForm(match[1] ?? "", match[2] ?? "", pageUrl));
}
