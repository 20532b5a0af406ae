import type { z } from 'zod';
import { localized } from '../catalog/localized.ts';
import { defOf, sharing, type Def } from '../catalog/shared.ts';
import { localeNames, locales } from '../i18n/locales.ts';

/** Decap CMS fields generated from the content's zod schemas, so the editor can never drift from what the build checks. */

/** One Decap field (https://decapcms.org/docs/widgets/): the subset Vuelve generates. */
export interface CmsField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  default?: unknown;
  hint?: string;
  pattern?: [string, string];
  value_type?: 'int' | 'float';
  min?: number;
  max?: number;
  fields?: CmsField[];
  field?: CmsField;
  types?: CmsField[];
  typeKey?: string;
  summary?: string;
  collapsed?: boolean;
  /** In a collection written once per language: `true` for a text of each language, `duplicate` for one value shown in both. */
  i18n?: boolean | 'duplicate';
  choose_url?: boolean;
  media_folder?: string;
  public_folder?: string;
  date_format?: string;
  time_format?: boolean;
  format?: string;
  options?: string[];
}

export interface FieldOptions {
  /** Label of a field by its name (`stampsPerReward`); the name is humanised when it has none. */
  label: (name: string) => string;
  /** Text shown under a field, by its dotted path in the entry (`questions.id`). */
  hint?: (path: string) => string | undefined;
  /** Multi-line text instead of one line, by dotted path. */
  multiline?: (path: string) => boolean;
  /** The zod schema that stands for an image (`image()` in the content layer), and where images go. */
  image?: { schema: z.ZodType; mediaFolder: string; publicFolder: string };
  /**
   * For a collection written once per language (one file each): every field, however deep,
   * says whether it is a text of each language or one value for all (`shared()` in the schema),
   * and the shared ones carry this hint.
   */
  perLanguage?: { sharedHint?: string };
  /** Set by the walk inside a shared field, whose parts need no hint of their own. */
  insideShared?: boolean;
}

/** `stampsPerReward` → "Stamps per reward". */
export function humanise(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const checksOf = (schema: z.ZodType) => (defOf(schema).checks ?? []).map((check) => check._zod.def);

/**
 * The object schema's fields as Decap fields. `inOptional`: inside an optional object nothing is required by itself
 * (Decap would refuse a step without its optional picture); the save check still applies the schema.
 */
export function fieldsOf(schema: z.ZodType, options: FieldOptions, path: string[] = [], inOptional = false): CmsField[] {
  const shape = defOf(schema).shape;
  if (!shape) throw new Error(`${path.join('.') || 'The schema'} is not an object: the CMS needs named fields`);
  return Object.entries(shape).map(([name, child]) => fieldOf(name, child, options, [...path, name], inOptional));
}

/** One named schema as a Decap field; throws, naming the field, for a shape the CMS cannot edit. */
export function fieldOf(name: string, schema: z.ZodType, options: FieldOptions, path: string[], inOptional = false): CmsField {
  const dotted = path.join('.');
  let required = true;
  let fallback: unknown;
  let inner = schema;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'optional') required = false;
    else if (def.type === 'default') {
      required = false;
      fallback = def.defaultValue;
    } else break;
    inner = def.innerType!;
  }
  const childrenOptional = inOptional || !required;
  required &&= !inOptional;
  // Decap hides a nested field that says nothing about languages from the second language's pane:
  // every field of a per-language collection says it. A shared value is shown once, read-only in the
  // other pane, and the editor copies it into every file (Decap's `i18n: duplicate`).
  const perLanguage = options.perLanguage;
  const duplicate = perLanguage !== undefined && (options.insideShared === true || sharing(schema) === 'all');
  // The hint goes on the outermost shared field only (a price, not each of its parts).
  const sharedHint = duplicate && !options.insideShared ? perLanguage.sharedHint : undefined;
  const hint = [options.hint?.(dotted), sharedHint].filter(Boolean).join(' ');
  const base: CmsField = {
    name,
    label: options.label(name),
    widget: 'string',
    ...(required ? {} : { required: false }),
    ...(fallback === undefined || (Array.isArray(fallback) && fallback.length === 0) ? {} : { default: fallback }),
    ...(hint ? { hint } : {}),
    ...(perLanguage && { i18n: duplicate ? ('duplicate' as const) : true }),
  };
  // Decap takes only true or false on an object or a list: its parts carry `duplicate` instead
  // (an object's are then read-only in the other pane; a list's are copied when saving).
  const container: Pick<CmsField, 'i18n'> = perLanguage ? { i18n: true } : {};
  if (duplicate && !options.insideShared) options = { ...options, insideShared: true };
  if (inner === localized) {
    const widget = options.multiline?.(dotted) ? 'text' : 'string';
    // One object with a field per language: both texts of a YAML `{ en, es }` value on one screen.
    return { ...base, widget: 'object', collapsed: false, fields: locales.map((locale) => ({ name: locale, label: localeNames[locale], widget, required: !childrenOptional })) };
  }
  if (options.image && inner === options.image.schema) {
    return { ...base, widget: 'image', choose_url: false, media_folder: options.image.mediaFolder, public_folder: options.image.publicFolder };
  }
  const def = defOf(inner);
  switch (def.type) {
    case 'string': {
      const regex = checksOf(inner).find((check) => check.format === 'regex')?.pattern ?? def.pattern;
      const widget = options.multiline?.(dotted) ? 'text' : 'string';
      return { ...base, widget, ...(regex && def.format !== 'email' && def.format !== 'url' ? { pattern: [regex.source, `Must match ${regex.source}`] as [string, string] } : {}) };
    }
    case 'number': {
      const checks = checksOf(inner);
      const min = checks.find((check) => check.check === 'greater_than')?.value;
      const max = checks.find((check) => check.check === 'less_than')?.value;
      const int = checks.some((check) => check.format === 'safeint');
      return { ...base, widget: 'number', value_type: int ? 'int' : 'float', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
    }
    case 'boolean':
      return { ...base, widget: 'boolean', default: fallback ?? false };
    case 'date':
      return { ...base, widget: 'datetime', format: 'YYYY-MM-DD', date_format: 'YYYY-MM-DD', time_format: false };
    case 'enum':
      return { ...base, widget: 'select', options: Object.values(def.entries ?? {}) };
    case 'object':
      return { ...base, ...container, widget: 'object', collapsed: false, fields: fieldsOf(inner, options, path, childrenOptional) };
    case 'array': {
      const checks = checksOf(inner);
      const min = checks.find((check) => check.check === 'min_length')?.minimum;
      const max = checks.find((check) => check.check === 'max_length')?.maximum;
      const limits = { ...(min ? { min } : {}), ...(max ? { max } : {}) };
      const element = def.element!;
      const elementDef = defOf(element);
      if (elementDef.type === 'union' && elementDef.discriminator) {
        return { ...base, ...container, widget: 'list', ...limits, typeKey: elementDef.discriminator, types: variantsOf(elementDef, options, path, inOptional) };
      }
      if (elementDef.type === 'object' && element !== localized) {
        return { ...base, ...container, widget: 'list', ...limits, collapsed: true, fields: fieldsOf(element, options, path, inOptional) };
      }
      return { ...base, ...container, widget: 'list', ...limits, field: fieldOf(name, element, options, path, inOptional) };
    }
    default:
      throw new Error(`${dotted}: the content editor cannot edit a zod "${def.type}" field; add it to src/cms/fields.ts`);
  }
}

/** A discriminated union (`kind: rating | nps | …`) as Decap's typed list items. */
function variantsOf(def: Def, options: FieldOptions, path: string[], inOptional: boolean): CmsField[] {
  const key = def.discriminator!;
  return (def.options ?? []).map((variant) => {
    const shape = defOf(variant).shape ?? {};
    const value = defOf(shape[key]!).values?.[0];
    if (typeof value !== 'string') throw new Error(`${path.join('.')}: every variant needs a literal "${key}"`);
    const rest = Object.fromEntries(Object.entries(shape).filter(([name]) => name !== key));
    return {
      name: value,
      label: options.label(value),
      widget: 'object',
      summary: '{{fields.id}}',
      fields: Object.entries(rest).map(([name, child]) => fieldOf(name, child, options, [...path, name], inOptional)),
    };
  });
}
