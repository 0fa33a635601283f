/**
 * The builder's labels of the format's fields and values: the messages'
 * (builderMessages.builder.fields, .values, .short), or else the name the
 * format gives it, so that a field or value the format adds shows at once.
 */
import { builderMessages } from '../messages-builder';
import type { ShortLabel } from './form';

const t = builderMessages.builder;

export const fieldLabel = (key: string): string => t.fields[key] ?? key;
export const valueLabel = (key: string, value: string): string => t.values[key]?.[value] ?? value;
export const shortLabel: ShortLabel = (field, value) => t.short[field]?.[value] ?? value;
