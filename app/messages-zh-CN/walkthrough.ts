// 讲解区（代码、控制台、泳道、时间线）、嵌入页和分享的文字。
// The zh-CN counterpart of ../walkthrough.ts.

import { thing, title, zh } from './common';

export const walkthroughMessages = {
  walkthrough: {
    title: '逐步讲解',
    intro:
      '一步一步看这次运行。舞台上是每个进程和它们共享的内核对象，代码标出每个进程执行到哪里，' +
      '旁白说明每一步为什么发生。“下一步”和“上一步”停在关键步骤；取消勾选“只看关键步骤”可以看到每个事件。' +
      '焦点在这里时，可以用方向键、Home、End 和空格键。',
    code: '代码',
    codeCaption: '场景的脚本（Python 3）。每个进程当前所在的行都有标记。',
    console: '控制台',
    consoleEmpty: '还没有输出。',
    stderr: 'stderr',
    tabs: '脚本版本',
    tabPython3: 'Python 3（实际运行的）',
    tabPython2: '原问题（Python 2）',
    originalCaption:
      '提问者给出的完整脚本，Python 2 写的。场景运行的是它的 Python 3 移植版，改动尽量少。',
    where: '每个进程在哪里',
    noLine: (name: string): string => `${name}：在库代码中`,
    lineOf: (name: string, line: number): string => `${name}：第 ${line} 行`,
    narration: '旁白',
    timeline: '时间线',
    first: '第一步',
    previous: '上一步',
    next: '下一步',
    last: '最后一步',
    play: '播放',
    pause: '暂停',
    speed: '速度',
    speedOption: (speed: number): string => `${zh.num(speed)}×`,
    keySteps: '只看关键步骤',
    keyStepsHint:
      '“下一步”“上一步”和“播放”会跳过簿记步骤（句柄、内部锁），停在故事推进的地方。滑块仍能到达每个事件。',
    stepBy: '“下一步”按',
    stepByOption: { stops: '故事节点', keys: '关键步骤', events: '每个事件' },
    scrubber: '步',
    position: (step: number, count: number): string => `第 ${zh.num(step)} / ${zh.num(count)} 步`,
    checkpointLabel: '预测',
    checkpointYes: '能，可以序列化',
    checkpointNo: '不能，序列化失败',
    checkpointTask: (what: string): string =>
      `这个任务能序列化（pickle）吗？任务处理线程马上要把 ${thing(what)} 序列化，发给一个工作进程。`,
    checkpointProcess: (what: string): string =>
      `这能序列化（pickle）吗？父进程马上要把 ${thing(what)} 序列化，用它启动一个子进程。`,
    checkpointFork: (child: string): string =>
      `不经过任何序列化，${child} 会有脚本里的锁吗？父进程马上要 fork 出它。看看代码：这时锁已经存在了吗？`,
    checkpointForkYes: '会，fork 会复制它',
    checkpointForkNo: '不会，它没有这把锁',
    checkpointForkHas: (child: string): string =>
      `${child} 有这把锁：fork 把父进程的内存原样复制了一份，锁也在其中，什么都没有序列化。这就是继承（inheritance）。`,
    checkpointForkHasNot: (child: string): string =>
      `${child} 没有这把锁：它在脚本创建锁之前就被 fork 出来了，早先复制的副本看不到父进程后来创建的东西。` +
      '现在锁只能通过序列化到达它。',
    checkpointAcquire: (child: string): string =>
      `${child} 马上要 acquire 这把锁（Lock）。它和父进程的是同一把锁吗？`,
    checkpointAcquireYes: '是，就是同一个信号量',
    checkpointAcquireNo: '不是，写时复制给了它一份副本',
    checkpointAcquireReveal:
      '是同一个：子进程继承了指向父进程信号量的句柄（或按名字打开了它），所以一个进程持有它时，其他进程就得等。',
    checkpointProxy: (method: string): string => `这个 ${method}() 在哪里执行？`,
    checkpointProxyYes: '在管理器进程里',
    checkpointProxyNo: '就在这个进程里',
    checkpointProxyReveal: (method: string): string =>
      `在管理器里：代理把“${method}”发过去，管理器在真正的对象上执行它，再回复。每次调用都是一次往返。`,
    misconception: {
      taskPickles:
        '锁（Lock）不是普通数据：它代表内核里的一个信号量，multiprocessing 只允许在创建子进程的过程中序列化它。' +
        '任务处理线程是在之后才序列化的，所以被拒绝。',
      taskRefused:
        '代理里没有信号量，只有管理器的地址和一个 id，它们像普通字符串一样可以序列化——任何时候、经由任何管道都行。',
      processRefused:
        '这个拒绝只发生在创建子进程之外。子进程正在被创建时，assert_spawning 会通过，所以锁可以序列化（按它的信号量名字）。',
      processPickles: '创建子进程时允许序列化，但不是什么对象都行：这里失败的东西根本无法序列化。',
      forkHasNot:
        'fork 复制的是 fork 那一刻的内存：锁是在工作进程之后创建的，所以它们那里没有锁的副本。',
      forkHas:
        'fork 复制了全部内存和打开的句柄表：锁当时已经存在，所以子进程有它——是继承来的，不是序列化来的。',
      acquireCopy:
        '写时复制复制的是进程的内存页，但信号量从来不在那块内存里：它是一个内核对象，子进程持有的句柄指向同一个对象。',
      proxyHere:
        '代理里没有可以 acquire 的锁：acquire() 是发给管理器进程的请求，由管理器在那边 acquire 真正的锁。',
    },
    checkpointRight: '你猜对了。',
    checkpointWrong: '这次没猜对。',
    checkpointPickles: (what: string): string =>
      `${thing(what)} 可以序列化：里面的一切都能变成字节。`,
    checkpointRefused: (what: string, error: string): string =>
      `${thing(what)} 无法序列化：${error}`,
    checkpointLater: '往下走就知道了。',
    checkpointYour: (answer: string): string => `你的预测：“${answer}”。`,
    lanes: '泳道',
    lanesList: '线程，每个一条泳道',
    lanesHint: '每个进程的每个线程一条泳道。点击泳道跳到离它最近的事件。',
    legend: '标记',
    markNames: {
      pickle: '序列化',
      refused: '序列化被拒绝',
      write: '写管道',
      read: '读管道',
      block: '等待（阻塞）',
      proxy: '管理器请求',
      print: 'print',
      exception: '异常',
    },
    threadOf: (process: string, thread: string): string => `${process} · ${thread}`,
    traceback: 'Traceback',
    tracebackNone: '到这一步为止还没有抛出任何异常。',
    tracebackRaised: (where: string): string =>
      `在 ${where} 中抛出，并在那里、在 multiprocessing 内部被捕获，所以什么都没打印。下面是它经过的栈帧。`,
    tracebackStored: (where: string): string =>
      `${where} 把它存到了任务的结果对象上。它在那里等着，不会打印，直到有人来取结果。`,
    tracebackReraised: (where: string, origin: string | null): string =>
      origin === null
        ? `在 ${where} 中再次抛出。`
        : `在 ${where} 中由“raise self._value”再次抛出。标记之后的栈帧运行在 ${origin} 中，它最早是在那里抛出的。`,
    tracebackPrinted: (where: string, crosses: boolean): string =>
      `由 ${where} 打印到 stderr，和 CPython 打印的一样。` +
      (crosses ? '标记行是我们加的：它们说明后面的栈帧是在哪个线程里运行的。' : ''),
    tracebackThread: (where: string, another: boolean): string =>
      another ? `── 在另一个线程中运行：${where} ──` : `── 在 ${where} 中运行 ──`,
  },

  embed: {
    title: (id: number, english: string): string => `场景 ${id}：${title(id, english)}`,
    open: '在 mpviz 中打开',
    openHint: '在新标签页中打开完整的应用，停在这一步',
    running: '正在运行场景…',
    views: '视图',
    viewStage: '进程',
    viewCode: '代码',
    viewConsole: '控制台',
    notIsolated: '这里没有跨源隔离：在本标签页的模型内核上运行。',
    sandboxed:
      '嵌入它的页面把它放在沙箱（不透明源）里运行，Web Worker 无法启动：在这个框架内的模型内核上运行。',
    failed: (message: string): string => `运行失败：${message}`,
  },

  share: {
    title: '分享',
    copyLink: '复制链接',
    copyEmbed: '复制嵌入代码',
    exportTrace: '导出 trace',
    exportHint:
      'Chrome Trace Event JSON：在 ui.perfetto.dev 或 chrome://tracing 中打开。每个进程和线程一条轨道；' +
      '序列化、阻塞和任务显示为片段；字节和代理调用显示为箭头。',
    copied: '已复制。',
    copyFailed: '无法复制：请选中下面的文字手动复制。',
    embedTitle: (id: number, english: string): string => `mpviz：场景 ${id}，${title(id, english)}`,
  },
};
