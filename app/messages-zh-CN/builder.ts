// 场景编排器的文字。The zh-CN counterpart of ../../messages-builder.ts.

import { title } from './common';

/** The builder's own presets (app/builder/presets.ts) beyond the seed's six. */
const PRESET_TITLES: Readonly<Record<number, string>> = {
  7: '管理器代理经由 initializer 传入',
  8: '只有队列经由 initializer 传入',
};

export const builderMessages = {
  builder: {
    title: '编排一个场景',
    intro:
      '选择脚本做什么：代码随你的选择而变。“运行”在这里展示它，使用设置栏里的启动方式、操作系统、Python 和调用方式。',
    close: '关闭',
    presets: '从预设开始',
    presetsHint: '预设会替换下面的所有选择。',
    presetOption: (id: number, english: string): string =>
      `${id}. ${PRESET_TITLES[id] ?? title(id, english)}`,
    load: '载入',
    choices: '脚本做什么',
    names: '它的名字',
    namesHint: '在你修改之前，编排出的场景按它的选择命名（编号 7）。',
    objects: '共享对象',
    object: (n: number, type: string): string => `对象 ${n}：${type}`,
    remove: (n: number, type: string): string => `移除对象 ${n}（${type}）`,
    addType: '要添加的对象',
    add: '添加对象',
    optional: '（不写）',
    fields: {
      container: '在哪里运行任务',
      initializer: 'initializer 函数名',
      number: '编号',
      name: '函数名',
      title: '标题',
      summary: '摘要（可选）',
      claim: '文档字符串里的断言（可选）',
      type: '对象',
      from: '由谁创建',
      route: '怎样到达任务',
    } as Readonly<Record<string, string>>,
    values: {
      container: { pool: '一个有 3 个工作进程的 Pool', process: '每个任务一个 Process' },
      from: { mp: 'multiprocessing 模块', manager: '管理器（代理对象）' },
      route: { task: '放在每个任务里', initializer: '经由 Pool 的 initializer' },
    } as Readonly<Record<string, Readonly<Record<string, string>>>>,
    short: {
      container: { pool: 'Pool', process: '每个任务一个 Process' },
      from: { mp: 'mp', manager: '管理器' },
      route: { task: '在每个任务里', initializer: '经由 initializer' },
    } as Readonly<Record<string, Readonly<Record<string, string>>>>,
    summaryLabel: '一句话概括',
    runsWith: (settings: string): string => `运行于 ${settings}（设置栏里的设置）。`,
    code: '脚本',
    changed: (n: number): string => (n === 0 ? '脚本没有变化。' : `改动了 ${n} 行。`),
    refused: '这些选择无法运行：',
    noScript: '选择能运行之前没有脚本。',
    run: '运行这个场景',
    runDisabled: '选择能运行之前，“运行”不可用。',
    json: '场景文档（JSON）',
    download: '下载场景文档',
    downloadHint: (file: string): string => `把这些选择保存为 ${file}（npm run sim -- --spec）`,
    failed: (message: string): string => `没能生成脚本：${message}`,
    address: {
      refused: (reasons: readonly string[], fallback: number): string =>
        `“doc=”不是 mpviz 能运行的场景（${reasons.join('；')}），改为显示场景 ${fallback}。`,
      refusedNow: (reasons: readonly string[]): string =>
        `那个场景文档无法运行（${reasons.join('；')}），什么都没有改变。`,
      scenarioIgnored: '已忽略“scenario=”：地址里的“doc=”就是场景。',
      tooLong: (length: number, max: number): string =>
        `它有 ${length} 个字符，最多只读取 ${max} 个`,
      version: (got: string, want: string): string =>
        got === ''
          ? `它没有以格式的版本号（“${want}.”）开头`
          : `它是格式的第 ${got.slice(0, 8)} 版，这个页面读取第 ${want} 版`,
      notBase64: '它不是 base64url 文本',
      notJson: '它不是一个 JSON 对象',
      more: (n: number): string => `另有 ${n} 条`,
    },
  },
};
