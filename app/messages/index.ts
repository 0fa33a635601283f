// Every user-visible string of the UI, in English, gathered from the files
// beside this one (one per part of the page). Other locales get modules of
// the same shape. Strings that depend on values are functions.

import { narrationMessages } from './narration';
import { pageMessages } from './page';
import { stageMessages } from './stage';
import { walkthroughMessages } from './walkthrough';

export { EXCERPT_MAX, excerpt } from './page';

export const messages = {
  ...pageMessages,
  ...walkthroughMessages,
  ...stageMessages,
  ...narrationMessages,
} as const;

export type Messages = typeof messages;
