// The zh-CN counterpart of ../../messages-story.ts.

export const storyMessages = {
  ask: {
    text: '“下一步”在等你的回答。',
    skip: '跳过这个问题',
    skipped: '你跳过了这个问题。',
  },
};
