// The story's newer strings (asking before a checkpoint is skipped, the
// comparisons side by side, the objects' journeys, the traceback at a refused
// pickle), in English: a part of the messages module kept in its own file.
// Other locales get a module of the same shape.

export const storyMessages = {
  /** Next at a checkpoint that is not answered yet. */
  ask: {
    label: 'Answer first',
    text: 'Next waits for your answer.',
    skip: 'Skip this question',
    skipped: 'You skipped this question.',
  },

  traceback: {
    raising: (where: string): string =>
      `Being raised now, in ${where}: __getstate__ refuses to pickle it. The next step catches ` +
      'it there, inside multiprocessing. These are the frames it is raised through.',
  },

  /** What the page says about `compare=` (the comparison view itself is in messages-compare.ts). */
  compareLinks: {
    label: 'Compare',
    withScenario: (id: number): string => `Compare with scenario ${id}`,
    startMethods: 'Compare start methods',
    notice: (value: string, why: string): string =>
      `“compare=${value}” cannot be compared: ${why}. Showing one walkthrough.`,
  },
};
