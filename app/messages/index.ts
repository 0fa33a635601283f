// Every user-visible string of the UI, in English, gathered from the files
// beside this one (one per part of the page). Other locales get modules of
// the same shape (MessagesShape), poured into this object by locale.ts when
// the page is in that locale (../messages-zh-CN/, a chunk of its own). Strings that depend on values are functions.

import { registerMessages, type Translation } from '../locale';
import { narrationMessages } from './narration';
import { pageMessages } from './page';
import { stageMessages } from './stage';
import { walkthroughMessages } from './walkthrough';

export { EXCERPT_MAX, excerpt, type RefusalAt, type UnsetGlobalAt } from './page';

export const messages = registerMessages('main', {
  ...pageMessages,
  ...walkthroughMessages,
  ...stageMessages,
  ...narrationMessages,
} as const);

export type Messages = typeof messages;
/** What a locale's module (../messages-zh-CN/) must provide: every key, no other. */
export type MessagesShape = Translation<Messages>;
