// The story's newer strings on the first screen (Next asking before a
// checkpoint is skipped), in English: a
// part of the messages module kept in its own file (the comparisons' and the
// journeys' are in messages-compare.ts, loaded with them).
// Other locales get a module of the same shape.

import { registerMessages, type Translation } from './locale';

export const storyMessages = registerMessages('story', {
  /** Next at a checkpoint that is not answered yet. */
  ask: {
    text: 'Next waits for your answer.',
    skip: 'Skip this question',
    skipped: 'You skipped this question.',
  },
});

export type StoryMessagesShape = Translation<typeof storyMessages>;
