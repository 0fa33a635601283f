// 简体中文：mpviz 的全部界面文字，一个懒加载的 chunk（英文读者不下载它）。
// Each part has exactly the English part's keys (the typecheck fails for a
// missing or an extra key, below); locale-load.ts fetches this chunk for a
// Chinese page and locale.ts has `translate` pour it into the live English
// objects. Python stays Python: identifiers, the script, CPython's errors and
// tracebacks are not translated.

import type { NoExtraKeys, Translate } from '../locale';
import type { BuilderMessagesShape } from '../messages-builder';
import type { CompareMessagesShape } from '../messages-compare';
import type { StoryMessagesShape } from '../messages-story';
import type { MessagesShape } from '../messages';
import { builderMessages } from './builder';
import { compareMessages } from './compare';
import { narrationMessages } from './narration';
import { pageMessages } from './page';
import { stageMessages } from './stage';
import { storyMessages } from './story';
import { walkthroughMessages } from './walkthrough';

export { provide } from './common';

export const main = {
  ...pageMessages,
  ...walkthroughMessages,
  ...stageMessages,
  ...narrationMessages,
} satisfies MessagesShape;

export const story = storyMessages satisfies StoryMessagesShape;
export const compare = compareMessages satisfies CompareMessagesShape;
export const builder = builderMessages satisfies BuilderMessagesShape;

// And no key the English lacks (`satisfies` does not see through the spreads).
const exact: [
  NoExtraKeys<typeof main, MessagesShape>,
  NoExtraKeys<typeof story, StoryMessagesShape>,
  NoExtraKeys<typeof compare, CompareMessagesShape>,
  NoExtraKeys<typeof builder, BuilderMessagesShape>,
] = [main, story, compare, builder];

/** The parts by the names their English modules registered (locale.ts). */
export const parts: Readonly<Record<string, object>> = {
  main: exact[0],
  story: exact[1],
  compare: exact[2],
  builder: exact[3],
};

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Copies `from` into `into` in place, object by object, so that modules
 * holding a nested part (`const t = messages.share`) read the new strings.
 */
function pour(into: Tree, from: Tree): void {
  for (const [key, value] of Object.entries(from)) {
    const old = into[key];
    if (isTree(old) && isTree(value)) pour(old, value);
    else into[key] = value;
  }
}

/** locale.ts's hook: this locale's strings into a registered messages object. */
export const translate: Translate = (name, part) => {
  const own = parts[name];
  if (own) pour(part as Tree, own as Tree);
};
