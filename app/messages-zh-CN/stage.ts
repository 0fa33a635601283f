// 舞台上的文字：进程卡片、内核对象，以及故事视图里的角色。
// The zh-CN counterpart of ../stage.ts.

import { thing, zh } from './common';

export const stageMessages = {
  stage: {
    title: '进程与内核',
    caption:
      '每张卡片是一个进程（process）：它的线程、它持有的 Python 名字和它的句柄表。下面是这些句柄指向的对象，' +
      '它们在各进程的 Python 内存之外：管道在内核里；信号量在 Linux 上是按名字共享的内存，在 macOS 和 Windows 上在内核里。' +
      '连线把高亮进程（鼠标移到卡片上来选择）的句柄连到对应的对象：句柄表每行一条，正在使用的那条加粗。',
    kernel: '内核对象和共享信号量（通过句柄访问，在 Python 内存之外）',
    everyHandle: '每个句柄都画线',
    kernelEmpty: '还没有内核对象。',
    threads: '线程',
    memoryTitle: '内存（它自己的副本）',
    memoryEmpty: '还没有内容。',
    memoryCopying: '正由 fork() 从父进程复制（在下一个关键步骤显示）。',
    global: '全局',
    localOf: (fn: string): string => `在 ${fn}() 中`,
    handles: (count: number): string => `句柄表：${zh.num(count)} 个句柄`,
    handlesEmpty: '句柄表：空',
    privateObjects: '本进程内部的 threading 对象',
    exitedThreads: (count: number): string => `${zh.num(count)} 个线程已退出`,
    running: '运行中',
    blocked: '阻塞',
    blockedOn: (what: string): string => `等待 ${what}`,
    exited: (code: number): string => `已退出，退出码 ${code}`,
    now: '现在',
    birth: {
      main: '脚本自己的进程',
      fork: 'fork 出来的：父进程的副本',
      spawn: 'spawn 出来的：全新的解释器',
      forkserver: '由 forkserver fork 出来',
    } as Record<string, string>,
    runs: (what: string): string => `运行 ${what}`,
    line: (line: number): string => `第 ${line} 行`,
    fd: (fd: number): string => `fd ${fd}`,
    semPointer: (tail: string): string => `sem …${tail}`,
    familySentinels: '进程哨兵（sentinel）',
    familyConnections: '管理器连接',
    familyManager: '管理器监听',
    familyOther: '其他',
    familyDataPipes: '启动管道（spawn）',
    dataPipe: (name: string): string => `通往 ${name}`,
    connectionTo: (manager: string): string => `到 ${manager} 的连接`,
    sentinel: (name: string): string => `${name} 的哨兵`,
    parentSentinel: (name: string): string => `父进程一端，对应 ${name}`,
    lockFree: '空闲',
    lockHeld: '被持有',
    count: (n: number): string => `计数 ${zh.num(n)}`,
    countUnbounded: '计数 SEM_VALUE_MAX（无上限）',
    countOf: (n: number, max: number): string => `计数 ${zh.num(n)} / ${zh.num(max)}`,
    empty: '空',
    inFlight: (messages: number, bytes: number): string =>
      `${zh.num(messages)} 条消息，${zh.num(bytes)} 字节`,
    listening: '监听中',
    heldBy: (who: string): string => `由 ${who} 持有`,
    waiting: (who: string): string => `等待者：${who}`,
    unlinked: '名字已删除',
    messageTitle: (size: number, hex: string): string => `${zh.num(size)} 字节：${hex}`,
    moreMessages: (count: number): string => `+${zh.num(count)}`,
    bytes: (size: number): string => `${zh.num(size)} 字节`,
    pickled: (size: number): string => `已序列化：${zh.num(size)} 字节`,
    unpickled: (size: number): string => `已反序列化 ${zh.num(size)} 字节`,
    call: (method: string): string => `${method}()`,
    reply: (method: string): string => `${method} ↩`,
    replyError: (method: string): string => `${method} ✕`,
    memoryCopy: (count: number): string => `复制了 ${zh.num(count)} 个名字`,
    refused: '✕ 被拒绝',
    alertRefused: (what: string, error: string): string => `序列化 ${thing(what)}：${error}`,
    waits: '等待',
    wakes: '唤醒',
    showLinks: (name: string): string => `显示 ${name} 的句柄连线`,
    objectCount: (count: number): string => `${zh.num(count)} 个对象`,
  },

  story: {
    loadingInternals: '正在加载完整视图…',
    showInternals: '显示内部细节',
    caption:
      '卡片是进程。箭头是句柄：指向同一把锁的两支箭头，是指向同一个信号量的两个句柄，不是两把锁。',
    legend: {
      inherited: '实线：经 fork 继承',
      opened: '虚线：按名字打开，或在 spawn 时传入',
      proxy: '点线：管理器代理',
    },
    childrenLabel: '子进程和工作进程',
    bandLabel: '共享对象和管理器',
    threadsLabel: '关键的线程',
    holdingsLabel: (name: string): string => `${name} 持有什么`,
    objectName: { lock: '锁', queue: '队列', pipe: '任务管道' } as Record<string, string>,
    // The English name too, for the Python object it is (no full-width brackets: the card is narrow).
    objectTitle: {
      lock: '锁 Lock',
      queue: '队列 Queue',
      pipe: '任务管道',
    } as Record<string, string>,
    objectWhat: {
      lock: '内核里的一个信号量，不管多少进程持有它。',
      queue: '内核里的一根管道、两把锁和一个计数器。',
      pipe: 'Pool._inqueue：每个任务序列化后从这里经过。',
    } as Record<string, string>,
    managedWhat: {
      lock: '真正的锁在这里。',
      queue: '真正的队列在这里。',
      pipe: '',
    } as Record<string, string>,
    how: (how: string): string => {
      switch (how) {
        case 'created':
          return '在这里创建';
        case 'inherited':
          return '继承（fork）';
        case 'opened':
          return '按名字打开';
        case 'duplicated':
          return '复制句柄';
        case 'passed':
          return '启动时传入';
        case 'proxy':
          return '代理';
        default:
          return '已连接';
      }
    },
    howLong: (how: string, birth: string): string => {
      switch (how) {
        case 'created':
          return '它创建了它';
        case 'inherited':
          return '经 fork 继承，和父进程的是同一个信号量或管道';
        case 'opened':
          return '在被 spawn 时按名字打开（sem_open）';
        case 'duplicated':
          return '在被 spawn 时复制到它这里（DuplicateHandle）';
        case 'passed':
          return birth === 'spawn' ? '在被 spawn 时把描述符传给了它' : '在启动时把描述符传给了它';
        case 'proxy':
          return '管理器代理：一个地址和一个 id，每次调用都要到管理器往返一次';
        default:
          return '连接到它';
      }
    },
    rowName: { lock: '锁', queue: '队列', pipe: '管道' } as Record<string, string>,
    heldRow: (object: string, how: string): string => `${object}：${how}`,
    heldSentence: (object: string, how: string): string => `持有${object}：${how}。`,
    noneRow: (object: string): string => `没有${object}`,
    noneBeforeRow: (object: string): string => `没有${object}（在本进程之后才创建）`,
    noneBeforeSentence: (object: string): string =>
      `这次运行中始终不持有${object}：它在${object}创建之前就启动了，所以无法继承，之后也没有谁把它发过来。`,
    noneSentence: (object: string): string => `始终不持有${object}。`,
    laterRow: (object: string): string => `还没有${object}`,
    laterSentence: (object: string): string => `还不持有${object}。`,
    closedRow: (object: string): string => `${object}：已关闭`,
    closedSentence: (object: string, how: string): string =>
      `曾持有${object}（${how}），现在不再持有。`,
    birth: {
      main: '脚本的进程',
      fork: 'fork 出来的',
      spawn: 'spawn 出来的',
      forkserver: '由 forkserver fork 出来',
    } as Record<string, string>,
    roleManager: '管理器',
    notStarted: '尚未启动',
    exited: (code: number): string => `已退出，退出码 ${code}`,
    running: '运行中',
    atLine: (line: number): string => `第 ${line} 行`,
    inFunction: (fn: string): string => `在 ${fn}`,
    waitsOnStory: (object: string): string => `等待${object}`,
    waitsOn: (label: string): string => `等待 ${label}`,
    somethingElse: '另一个对象',
    waitsForResults: '等待 map() 的结果',
    waitsForTasks: '等下一个任务',
    waitsForResultPipe: '等待一个结果',
    serving: '正在处理请求',
    waitsForManager: '等待管理器的回复',
    threadLater: '稍后启动',
    threadExited: '已退出',
    notYet: '尚未创建',
    gone: '已不存在：没有进程再持有它',
    lockFree: '空闲',
    lockHeld: '被持有',
    heldBy: (who: string): string => `由 ${who} 持有`,
    waiting: (who: string): string => `等待者：${who}`,
    managedQueue: '它的元素保存在这里',
    tasksInFlight: (n: number): string => (n === 0 ? '没有在途的任务' : `${zh.num(n)} 个任务在途`),
    itemsWaiting: (n: number): string => (n === 0 ? '空' : `${zh.num(n)} 个元素在等待`),
    pickledTask: (what: string, size: number): string =>
      `已为任务管道序列化 ${thing(what)}（${zh.num(size)} 字节）。`,
    picklingTask: (what: string): string => `正在为任务管道序列化 ${thing(what)}。`,
    handlerIdle: '在工作进程启动之后，把每个任务序列化并写进任务管道。',
    bytesIn: (size: number): string => `收到 ${zh.num(size)} 字节`,
    bytesOut: (size: number): string => `发出 ${zh.num(size)} 字节`,
    acquire: 'acquire()',
    release: 'release()',
    waits: '等待',
    callOut: (method: string): string => `${method}() → 管理器 → 返回`,
    callBack: (method: string): string => `${method}() 已答复`,
    refusedArrow: (what: string): string => `序列化 ${thing(what)}：被拒绝`,
    forkCopy: 'fork 复制内存和句柄',
    unpickled: (what: string): string => `已反序列化 ${what}`,
    refusalHead: (what: string): string => `序列化 ${thing(what)} 被拒绝：`,
    refusalWhy: (object: string): string =>
      `${object}只能在创建子进程的过程中序列化。任务处理线程是在之后、为已经存在的工作进程序列化任务的。`,
    objectRefused: (object: string): string => `被拒绝：${object}只能在子进程被创建时传给它。`,
    holdersSentence: (names: string): string =>
      names ? `持有者：${names}。` : '现在没有进程持有它。',
  },
};
