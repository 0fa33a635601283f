// 场景编排器的文字。The zh-CN counterpart of ../../messages-builder.ts.

import { title } from './common';

/** The builder's own presets (app/builder/presets.ts) beyond the seed's six. */
const PRESET_TITLES: Readonly<Record<number, string>> = {
  7: '管理器代理经由 initializer 传入',
  8: '只有队列经由 initializer 传入',
  9: '锁和队列共用一个管理器',
  10: '锁和队列作为模块的全局变量',
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
      call: 'Pool 的调用方式',
      read: '是否读取结果',
      manager: '管理器',
      job: '任务函数',
      initializer: 'initializer 函数名',
      number: '编号',
      name: '函数名',
      title: '标题',
      summary: '摘要（可选）',
      claim: '文档字符串里的断言（可选）',
      type: '对象',
      from: '由谁创建',
      route: '怎样到达任务',
      value: '初始值（可选）',
    } as Readonly<Record<string, string>>,
    values: {
      container: { pool: '一个有 3 个工作进程的 Pool', process: '每个任务一个 Process' },
      call: {
        map: 'map',
        imap: 'imap',
        imap_unordered: 'imap_unordered',
        starmap: 'starmap',
        apply_async: 'apply_async，每个任务一次',
      },
      read: { true: '读取（list() 或 .get()）', false: '不读取：没有人取结果' },
      manager: { shared: '所有对象共用一个管理器', 'per-object': '每个对象一个管理器' },
      job: {
        module: '模块级的 the_job',
        lambda: '调用 the_job 的 lambda',
        local: '定义在 start_scenario 里的函数',
      },
      from: { mp: 'multiprocessing 模块', manager: '管理器（代理对象）' },
      route: {
        task: '放在每个任务里',
        initializer: '经由 Pool 的 initializer',
        global: '模块的全局变量（global lock）',
      },
    } as Readonly<Record<string, Readonly<Record<string, string>>>>,
    short: {
      container: { pool: 'Pool', process: '每个任务一个 Process' },
      read: { true: '读取结果', false: '不读结果' },
      manager: { shared: '共用管理器', 'per-object': '各自的管理器' },
      job: { module: 'the_job', lambda: 'lambda 任务', local: '局部函数任务' },
      from: { mp: 'mp', manager: '管理器' },
      route: { task: '在每个任务里', initializer: '经由 initializer', global: '全局变量' },
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
    reasons: {
      notAnObject: () => '场景文档是一个 JSON 对象',
      unknownField: (a: { key: string; format: string }) => `${a.key} 不是 ${a.format} 的字段`,
      badFormat: (a: { format: string; got: string }) =>
        `“format”必须是 "${a.format}"（实际是 ${a.got}）`,
      badNumber: (a: { max: number; got: string }) =>
        `“number”必须是 1 到 ${a.max} 之间的整数（实际是 ${a.got}）`,
      missing: (a: { key: string }) => `缺少“${a.key}”`,
      badText: (a: { key: string; max: number; got: string }) =>
        `“${a.key}”必须是一行 1 到 ${a.max} 个字符的文字，不含 " 和 \\（实际是 ${a.got}）`,
      notIdentifier: (a: { key: string; got: string }) =>
        `“${a.key}”必须是 Python 标识符（实际是 ${a.got}）`,
      nameTaken: (a: { key: string; got: string }) =>
        `“${a.key}”不能是 ${a.got}：脚本已经用了这个名字`,
      sameNames: () => '“initializer”和“name”必须不同：它们是同一个脚本里的两个函数',
      badChoice: (a: { field: string; values: string; got: string }) =>
        `${a.field} 必须是 ${a.values} 之一（实际是 ${a.got}）`,
      objectsNotList: () => '“objects”必须是一个列表：一个锁和一个队列',
      objectNotObject: (a: { at: string }) =>
        `${a.at} 必须是一个含有 "type"、"from" 和 "route" 的对象`,
      objectUnknownField: (a: { at: string; key: string }) =>
        `${a.at} 含有 ${a.key}，格式里没有这个字段`,
      initializerNeedsPool: () =>
        '只有 Pool 才有 initializer：每个任务一个 Process 时，对象放在任务里',
      initializerUnnamed: () => '有对象经由 initializer 传入，所以“initializer”必须给出它的函数名',
      initializerUnused: () => '给了“initializer”，但没有对象经由它传入',
      callNeedsPool: () => '“call”是 Pool 的方法：每个任务一个 Process 时，没有可调用的 Pool',
      badRead: (a: { got: string }) => `“read”必须是 true 或 false（实际是 ${a.got}）`,
      readNeedsCall: () =>
        '“read”要求“call”是 imap、imap_unordered 或 apply_async：map 和 starmap 总是等待结果',
      managerUnused: () => '给了“manager”，但没有对象来自管理器',
      slotCount: (a: { slot: 'lock' | 'queue'; types: readonly string[]; count: number }) =>
        `“objects”必须恰好有一个${a.slot === 'lock' ? '锁' : '队列'}` +
        `（${a.types.slice(0, -1).join('、')} 或 ${a.types.at(-1)}），` +
        `现在有 ${a.count} 个：模型运行的脚本有一个锁和一个队列`,
      valueNotTaken: (a: { at: string }) =>
        `给了 ${a.at}.value，但只有 Semaphore 或 BoundedSemaphore 接受初始值`,
      badValue: (a: { at: string; min: number; max: number; got: string }) =>
        `${a.at}.value 必须是 ${a.min} 到 ${a.max} 之间的整数（实际是 ${a.got}）`,
      noManagerSimpleQueue: () =>
        '管理器没有 SimpleQueue（SyncManager 注册的是 Queue 和 JoinableQueue）：' +
        '请用 "from": "mp"，或者用 Queue',
      plainJoinableQueue: () =>
        '模型还不支持普通的 JoinableQueue（它的 Condition 和未完成任务的 Semaphore）：' +
        '请用 "from": "manager"，或者用 Queue',
    },
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
