// 页面上的文字：设置、提示、引擎、结果、结论、“运行 100 次”和“管理器的代价”。
// The zh-CN counterpart of ../page.ts (same keys; the typecheck holds them equal).

import type { EngineKind, EngineMode } from '../../src/workers';
import type {
  Platform,
  PoolCall,
  PythonVersion,
  RunSettings,
  StartMethod,
} from '../../src/sim/trace';
import type { RefusalAt, UnsetGlobalAt } from '../messages';
import { excerpt, msText, platformNames, quoted, range, thing, title, zh } from './common';

/** 谁没能序列化什么：拒绝序列化的判定说明的开头。 */
/** 用 spawn（或 forkserver）启动的子进程怎样得到脚本的全局变量：重新导入脚本。 */
const afresh = (method: string, who: string): string =>
  method === 'forkserver'
    ? `在 forkserver 下，${who}从 fork 服务器而不是父进程 fork 出来，并重新导入脚本`
    : `在 ${method} 下，${who}是一个新的解释器，会重新导入脚本`;

const couldNotPickle = ({ what, process, thread }: RefusalAt): string =>
  /\(_handle_tasks\)$/.test(thread)
    ? `Pool 的任务处理线程（${process} 的 ${thread}）无法序列化（pickle）${thing(what)}：`
    : `${process} 的 ${thread} 无法序列化（pickle）${thing(what)}：`;

/** Pool 在哪里把存起来的错误再次抛出：判定说明的结尾。 */
const raisedAgain = ({ reraised }: RefusalAt): string =>
  reraised === null ? '' : `${reraised.call}() 又在 ${reraised.thread} 中把它抛了出来。`;

export const pageMessages = {
  productName: 'mpviz',

  downloadScript: {
    title: '自己运行一遍',
    label: '下载这个脚本',
    hint: (fileName: string): string =>
      `代码面板里这些设置下的脚本，保存为 ${fileName}。用你自己的 CPython 运行 python3 ${fileName}，` +
      '再和这里控制台的输出对照。',
  },
  tagline: 'Python 多进程（multiprocessing）如何共享锁和队列',
  description:
    '选一个场景和运行设置，然后运行：mpviz 运行的脚本和 CPython 的一样，并显示它的输出。',

  platformName: (platform: Platform): string => platformNames[platform],
  language: '语言',

  switches: {
    title: '设置',
    scenario: '场景',
    scenarioOption: (id: number, english: string): string => `${id}. ${title(id, english)}`,
    composedOption: (id: number, english: string): string => `${id}. ${english}（编排的）`,
    compose: '编排…',
    composeHint: '编排你自己的场景：选择做成表单，脚本就在旁边',
    platform: '操作系统',
    python: 'Python',
    pythonOption: (python: PythonVersion, release: string): string =>
      `Python ${python} — 行号取自 ${release}`,
    startMethod: '启动方式',
    defaultSuffix: '（默认）',
    windowsOnlySpawn: 'Windows 只有 spawn。',
    call: 'Pool 调用',
    callHint: (applies: boolean): string =>
      applies ? '脚本怎样把任务交给 Pool。' : '这个场景每个任务启动一个 Process，两种调用都不用。',
    seed: '种子',
    seedHint: '调度器的种子：种子相同，运行过程就相同。',
    seedInvalid: '种子是 0 到 4294967295 之间的整数。',
    mode: '调度',
    modeNames: { lockstep: '同步（lockstep）', free: '自由（free）' } satisfies Record<
      EngineMode,
      string
    >,
    modeHint: '用于真实的 worker：同步模式按模型在这个种子下的顺序重放；自由模式让它们自己抢。',
    run: '再运行一次',
    cancel: '取消',
    moreLabel: '更多设置',
    moreSummary: (p: { startMethod: StartMethod }): string => p.startMethod,
    morePython: (python: PythonVersion): string => ` · ${python}`,
    morePlatform: (platform: Platform): string => ` · ${platformNames[platform]}`,
  },

  notices: {
    title: '提示',
    dismiss: '关闭',
    dismissWhich: (param: string): string => `关于“${excerpt(param)}”的提示`,
    dismissAll: '全部关闭',
    badScenario: (value: string, fallback: number): string =>
      `${quoted('scenario', value)} 不是场景编号（1–6），改为显示场景 ${fallback}。`,
    badPlatform: (value: string, fallback: Platform): string =>
      `${quoted('os', value)} 不是 mpviz 模拟的操作系统（linux、macos、windows），` +
      `改用 ${platformNames[fallback]}。`,
    badPython: (value: string, fallback: PythonVersion): string =>
      `${quoted('py', value)} 不是 mpviz 模拟的 Python 版本（3.11、3.12、3.13、3.14），` +
      `改用 Python ${fallback}。`,
    badStartMethod: (value: string, fallback: StartMethod): string =>
      `${quoted('start', value)} 不是启动方式（fork、spawn、forkserver），改用 ${fallback}。`,
    startMethodUnavailable: (
      platform: Platform,
      method: StartMethod,
      cpythonError: string,
      fallback: StartMethod,
    ): string =>
      `${platformNames[platform]} 没有“${method}”这种启动方式（CPython：${cpythonError}），` +
      `改用 ${fallback}。`,
    badCall: (value: string, fallback: PoolCall): string =>
      `${quoted('call', value)} 不是 mpviz 模拟的 Pool 调用（map、imap），改用 ${fallback}。`,
    badSeed: (value: string, fallback: number): string =>
      `${quoted('seed', value)} 不是种子（0 到 4294967295 之间的整数），改用种子 ${fallback}。`,
    badMode: (value: string, fallback: EngineMode): string =>
      `${quoted('mode', value)} 不是调度模式（lockstep、free），改用 ${fallback}。`,
    badStep: (value: string, max: number): string =>
      `${quoted('step', value)} 不是步数（0 到 ${max} 之间的整数，且不超过这次运行的最后一步），` +
      '改为显示最后一步。',
    unknownParam: (name: string): string =>
      `mpviz 不从地址里读取“${excerpt(name)}”这个设置，已忽略。`,
    repeatedParam: (name: string, value: string): string =>
      `地址里“${excerpt(name)}”出现了不止一次，使用第一个：${quoted(name, value)}。`,
    badLang: (value: string): string =>
      `${quoted('lang', value)} 不是 mpviz 支持的语言（en、zh-CN），改用英文。`,
    freeNeedsIsolation:
      '“mode=free”让真实的 Web Worker 互相竞争，这需要跨源隔离（cross-origin isolated）的页面；' +
      '这个页面不是，所以场景在模型内核上按它自己的调度运行（lockstep）。',
  },

  engine: {
    notIsolated:
      '这个页面没有跨源隔离（cross-origin isolated），场景在本标签页的模型内核上运行：结果相同，' +
      '但没有真实的 worker。',
    prerendered: '屏幕上是模型的运行结果，在构建本页面时计算；这个标签页正在重新运行它…',
    isolatedIdle: '这个页面已跨源隔离，场景可以在真实的 Web Worker 上运行。',
    ran: (engine: EngineKind, wallMs: number): string => {
      const ms = msText(wallMs);
      switch (engine) {
        case 'model':
          return `在本标签页的模型内核上运行，用时 ${ms}。`;
        case 'workers-lockstep':
          return `在真实的 Web Worker 上按模型的调度同步运行，用时 ${ms}。`;
        case 'workers-free':
          return `在真实的 Web Worker 上自由竞争运行，用时 ${ms}。`;
      }
    },
    running: (mode: EngineMode): string =>
      mode === 'free'
        ? '正在真实的 Web Worker 上竞争运行（free 模式）：worker 结束后才显示结果，' +
          '顺序由这个浏览器决定，不是模型的。'
        : '正在本标签页里运行模型…',
    onScreenModel: (wallMs: number): string =>
      `屏幕上是模型的运行结果（${msText(wallMs)}，在本标签页中）。`,
    confirming: '真实的 Web Worker 正在同步重跑，逐个事件核对…',
    confirmed: (events: number, wallMs: number): string =>
      `真实的 Web Worker 同步重跑：全部 ${zh.num(events)} 个事件一致（${msText(wallMs)}）。`,
    differsShort: (step: number): string =>
      `真实 Web Worker 的运行与之不同，从第 ${zh.num(step)} 步开始。`,
    differs: (step: number, events: number, model: string, workers: string): string =>
      `真实 Web Worker 的运行与屏幕上模型的运行不同，最早在第 ${zh.num(step)} 步（共 ${zh.num(events)} 步）：` +
      `模型记录的是 ${model}；worker 记录的是 ${workers}。这是 mpviz 的 bug，请连同本页地址一起报告。`,
    describeEvent: (e: { kind: string; pid: number; thread: string } | null): string =>
      e === null ? '无（它的 trace 已结束）' : `${e.thread} 中的 ${e.kind}（pid ${e.pid}）`,
    unavailable: (error: string | undefined): string =>
      `真实的 Web Worker 无法核对：${error ?? '它们运行失败了'}。`,
    cancelled: 'worker 的核对在完成前被停止了。',
  },

  result: {
    title: '结果',
    verdictLabel: '结论',
    idle: '还没有运行。选好设置后点“运行”。',
    running: (scenario: number): string => `正在运行场景 ${scenario}…`,
    ranWith: (r: RunSettings): string =>
      `场景 ${r.scenario} · ${platformNames[r.platform]} 上的 ${r.startMethod} · ` +
      `Python ${r.python} · ${r.call} · 种子 ${r.seed}`,
    verdictNames: {
      successful: '成功',
      fails: '失败',
      raised: '抛出异常',
      hang: '卡住',
    },
    raisedIn: (process: string, thread: string): string =>
      `最早在 ${process} 的线程 ${thread} 中抛出。`,
    hang: '脚本一直没有结束：所有线程都在等待。',
    noVerdictLine: '脚本没有打印结论行。',
    failed: (message: string): string => `运行没有完成：${message}`,
    output: '输出',
    outputEmpty: '脚本没有在 stdout 上打印任何内容。',
    outputTruncated: (shown: number, total: number): string =>
      `只显示前 ${zh.num(shown)} 行（共 ${zh.num(total)} 行）。`,
    traceback: 'Traceback',
    processes: (count: number): string => `启动了 ${zh.num(count)} 个进程`,
    pid: (pid: number): string => `pid ${pid}`,
    managerRequests: '管理器请求',
    managerRequestsHint: '对管理器（Manager）代理的每次调用，都是到管理器进程的一次往返。',
    events: 'trace 事件',
  },

  more: {
    title: '关于这次运行的更多内容',
    tabs: {
      traceback: 'Traceback',
      console: '控制台',
      lanes: '泳道',
      many: '运行 100 次',
      cost: '管理器的代价',
      run: '这次运行',
    },
    noRun: '运行结束后显示。',
  },

  verdict: {
    refused: (type: string, at: RefusalAt): string =>
      couldNotPickle(at) + `${type} 只能在创建子进程的过程中序列化。` + raisedAgain(at),
    refusedFunction: (
      fn: { qualname: string; outer: string; lambda: boolean },
      at: RefusalAt,
    ): string =>
      couldNotPickle(at) +
      '它带着要运行的函数，而 pickle 只把函数写成“模块名加函数名”，由另一个进程去导入。' +
      `定义在 ${fn.outer}() 里面的${fn.lambda ? ' lambda' : '函数'}（${fn.qualname}）无法在任何模块里按这个名字找到，所以 pickle 拒绝了它。` +
      raisedAgain(at),
    raised: (error: string, where: string | null): string =>
      where === null ? `${error}。` : `${error}，最早在 ${where} 中抛出。`,
    unsetGlobal: (a: UnsetGlobalAt): string =>
      `${a.process} 里的 ${a.name} 是 None。${afresh(a.method, '工作进程')}，而脚本开头写着 ` +
      `${a.name} = None；父进程设置的是它自己内存里的全局变量 ${a.name}，工作进程看不到。` +
      `${a.call}() 在 MainThread 中再次抛出了工作进程的 AttributeError。`,
    missingUnsetGlobal: (got: number, n: number, a: { name: string; method: string }): string =>
      `${zh.num(n)} 个元素中到达了 ${zh.num(got)} 个。每个子进程里的 ${a.name} 都是 None：` +
      `${afresh(a.method, '子进程')}，而脚本开头写着 ${a.name} = None。` +
      '每个子进程都打印了自己的 AttributeError 并以退出码 1 结束；父进程对此一无所知。',
    order: (n: number): string =>
      `${zh.num(n)} 个元素全部到达，只是顺序不同，所以脚本的“result != args”检查判定为失败。`,
    missing: (got: number, n: number, refused: { what: string; method: string } | null): string =>
      `${zh.num(n)} 个元素中到达了 ${zh.num(got)} 个。` +
      (refused === null
        ? ''
        : `任务处理线程无法序列化 ${thing(refused.what)}；用 ${refused.method}() 时脚本从不读取结果，所以这个错误被存起来，从未抛出。`),
    successful: (n: number): string => `${zh.num(n)} 个元素全部按顺序到达。`,
    hang: '脚本一直没有结束：所有线程都在等待。',
    whyOrder: '为什么顺序会变',
    why: '为什么？',
    running: '运行中…',
  },

  runMany: {
    heading: '运行 100 次',
    status: '判定的分布',
    explain:
      '一次运行只展示一种交错顺序。在模型上用种子 1 到 100 运行这些设置，统计各种结论，并和 CPython 的结果对照。',
    button: '运行 100 次',
    running: '正在运行 100 个种子…',
    columns: {
      verdict: '结论',
      model: '模型，100 个种子',
      cpython: (release: string, chosen: string): string =>
        release.startsWith(`${chosen}.`)
          ? `Linux 上的 CPython ${release}`
          : `Linux 上的 CPython ${release}（没有测量 ${chosen}）`,
    },
    noCpython: '未测量',
    cpythonRuns: (runs: number): string => `（${zh.num(runs)} 次）`,
    whyOrder:
      '为什么顺序会变：每个任务结束时把它的元素放进队列（Queue），而哪个任务先结束（谁执行哪个任务、' +
      '每个进程启动多快、每个 feeder 线程何时写入）由调度器决定。map 和 imap 按任务顺序返回结果，' +
      '但队列里的元素可能以任何顺序出现，所以只要顺序乱了，脚本的“result != args”检查就会失败，' +
      '尽管什么都没丢。',
    failed: (message: string): string => `这些运行失败了：${message}`,
  },

  lockCost: {
    heading: '管理器的代价',
    status: '锁的开销',
    explain:
      'multiprocessing.Lock 是操作系统的信号量（semaphore）。在 Linux 上，无竞争的 acquire 是共享内存里的' +
      '一次原子操作（glibc）；在 macOS 和 Windows 上是一次系统调用；无论哪种，Python 自己的调用开销都更大。' +
      'Manager().Lock() 是代理（proxy）：每次调用都是发给管理器进程的一个请求，再等一个回应。' +
      '在这里、在这个浏览器中、用 Web Worker 测一测两者。',
    measure: '测量锁的开销',
    measuring: '测量中…',
    unavailable: '需要跨源隔离的页面（SharedArrayBuffer）。',
    result: (atomicsNs: number, proxyUs: number, ratio: number): string =>
      `这里：在共享内存上每次 acquire+release 用 ${zh.num(atomicsNs, 0)} 纳秒，` +
      `经由管理器 worker 用 ${zh.num(proxyUs, 1)} 微秒，慢了约 ${zh.num(Math.round(ratio))} 倍。`,
    cpython: (
      lockUs: readonly number[],
      managerUs: readonly number[],
      ratio: readonly number[],
    ): string =>
      `CPython 3.11（在 Linux、2 核上测量）：mp.Lock 用 ${range(lockUs)} 微秒，` +
      `Manager().Lock() 用 ${range(managerUs)} 微秒，慢 ${range(ratio)} 倍。`,
    failed: (message: string): string => `测量失败：${message}`,
  },
};
