import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mjml2html from 'mjml';
import { TEMPLATES, TONES } from '../core/policy.ts';
import { htmlValue, isSafeUrl, oneLine, textValue } from './format.ts';
import { loadLocaleDir, parseLocale, pickLocale, type LocaleTexts } from './locales.ts';
import type { ReminderEmailModel, RenderedEmail } from './model.ts';
import { inlinePartials, parseTemplate, renderTemplate, type Delimiters, type TemplateNode } from './template.ts';
import { buildView } from './view.ts';

export type { ReminderEmailModel, ReminderInvoice, RenderedEmail } from './model.ts';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
export const SUBJECT_MAX = 150;
export const PREHEADER_MAX = 200;
const DEFAULT_COLOUR = '#1d4ed8';

export type RendererOptions = {
  /** Folder with layout.mjml, layout.txt, partials/, blocks/ and locales/. */
  templatesDir?: string;
  /** More languages (or replacements), as parsed JSON objects shaped like templates/locales/en.json. */
  locales?: readonly unknown[];
  /** A folder of more locale files. */
  localesDir?: string;
  /** Used when a model's locale has no texts. */
  fallbackLocale?: string;
  /** Compiled (template, tone, locale, branding) kept in memory; least recently used go first. */
  cacheSize?: number;
};

export type Renderer = {
  render(model: ReminderEmailModel): Promise<RenderedEmail>;
  /** Languages with texts. */
  readonly locales: readonly string[];
  /** MJML compilations done so far (a cache miss each): for tests and the benchmark. */
  readonly compilations: number;
};

type Compiled = { html: TemplateNode[]; text: TemplateNode[]; subject: TemplateNode[]; preheader: TemplateNode[] };

/** Build-time tags: texts and branding are placed before MJML runs; `{{…}}` runtime tags pass through untouched. */
const BUILD: Delimiters = { open: '[[', close: ']]' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const buildHtml = (v: string) => v.replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
const buildText = (v: string) => v;

/** Only what MJML itself must see is compiled in; the rest of the branding is substituted per message. */
function brandOf(branding: ReminderEmailModel['branding']) {
  const colour = /^#(?:[0-9a-f]{3}){1,2}$/i.test(branding.colour ?? '') ? branding.colour! : DEFAULT_COLOUR;
  const logo = branding.logoUrl && isSafeUrl(branding.logoUrl) ? new URL(branding.logoUrl).href.replace(/[{}]/g, encodeURIComponent) : '';
  const l = luminance(colour);
  // Text on the colour (filled button) and the colour as text on white (outlined buttons, name): WCAG contrast ≥ 3.
  return { colour, onColour: l > 0.4 ? '#111827' : '#ffffff', ink: 1.05 / (l + 0.05) >= 3 ? colour : '#111827', logoUrl: logo };
}

/** WCAG relative luminance of #rgb or #rrggbb. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function createRenderer(options: RendererOptions = {}): Renderer {
  const dir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const fallback = options.fallbackLocale ?? 'en';
  const cacheSize = options.cacheSize ?? 256;
  const locales = loadLocaleDir(join(dir, 'locales'));
  if (options.localesDir) for (const [k, v] of loadLocaleDir(options.localesDir)) locales.set(k, v);
  (options.locales ?? []).forEach((data, i) => {
    const texts = parseLocale(data, `options.locales[${i}]`);
    locales.set(texts.locale, texts);
  });
  pickLocale(locales, fallback, fallback);

  const sources = new Map<string, string>();
  const source = (path: string) => {
    const cached = sources.get(path);
    if (cached !== undefined) return cached;
    const text = readFileSync(join(dir, path), 'utf8');
    sources.set(path, text);
    return text;
  };
  const cache = new Map<string, Promise<Compiled>>();
  let compilations = 0;

  async function compile(
    texts: LocaleTexts,
    template: ReminderEmailModel['template'],
    tone: ReminderEmailModel['tone'],
    brand: ReturnType<typeof brandOf>,
  ): Promise<Compiled> {
    const t = texts.templates[template][tone];
    const context = { lang: texts.locale, t, common: texts.common, brand };
    const build = (ext: 'mjml' | 'txt', escapeValue: (v: string) => string) => {
      const load = (name: string) => source(name === 'partial' ? `partials/${template}.${ext}` : `blocks/${name}.${ext}`);
      return renderTemplate(parseTemplate(inlinePartials(source(`layout.${ext}`), BUILD, load), BUILD), context, escapeValue);
    };
    compilations++;
    const result = await mjml2html(build('mjml', buildHtml), { validationLevel: 'strict', keepComments: false });
    return {
      // Indentation only: a newline and spaces render as one space, so dropping the spaces changes nothing but the size.
      html: parseTemplate(result.html.replace(/\n[ \t]+/g, '\n')),
      text: parseTemplate(build('txt', buildText)),
      subject: parseTemplate(t.subject),
      preheader: parseTemplate(t.preheader),
    };
  }

  function compiled(model: ReminderEmailModel, texts: LocaleTexts): Promise<Compiled> {
    const brand = brandOf(model.branding);
    const key = [texts.locale, model.template, model.tone, brand.colour, brand.logoUrl].join('\u0000');
    let entry = cache.get(key);
    if (entry) {
      cache.delete(key);
    } else {
      entry = compile(texts, model.template, model.tone, brand);
      entry.catch(() => cache.delete(key));
    }
    cache.set(key, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return entry;
  }

  return {
    get locales() {
      return [...locales.keys()];
    },
    get compilations() {
      return compilations;
    },
    async render(model) {
      if (!(TEMPLATES as readonly string[]).includes(model.template)) throw new RangeError(`unknown template "${model.template}"`);
      if (!(TONES as readonly string[]).includes(model.tone)) throw new RangeError(`unknown tone "${model.tone}"`);
      const texts = pickLocale(locales, model.locale, fallback);
      const view = buildView(model, texts);
      const c = await compiled(model, texts);
      const subject = oneLine(renderTemplate(c.subject, view, textValue), SUBJECT_MAX);
      const preheader = oneLine(renderTemplate(c.preheader, view, textValue), PREHEADER_MAX);
      const full = { ...view, subject, preheader };
      return { subject, preheader, html: renderTemplate(c.html, full, htmlValue), text: tidyText(renderTemplate(c.text, full, textValue)) };
    },
  };
}
