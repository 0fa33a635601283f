// 旁白（每一步一两句话，说明它为什么发生）和故事的各个节点。
// The zh-CN counterpart of ../narration.ts. Python's names (MainThread,
// assert_spawning, Pool(initializer=…)) and CPython's errors stay in English.

import type { HandshakeMessage } from '../../src/sim/handshake-bytes';
import { thing, zh } from './common';

/** The kernel objects' kinds (src/sim/trace.ts KernelObjectKind), as a sentence names them. */
const KINDS: Readonly<Record<string, string>> = {
  semaphore: '信号量',
  pipe: '管道',
  socket: '套接字',
  listener: '监听套接字',
};

/** 用 spawn 或 forkserver 启动的子进程怎样得到脚本的全局变量：重新导入脚本。 */
const afresh = (method: string): string =>
  method === 'forkserver'
    ? '从 fork 服务器而不是父进程 fork 出来，并重新导入脚本'
    : '是一个新的解释器，会重新导入脚本';

export const narrationMessages = {
  narrate: {
    start: '还什么都没运行。往前走一步，看脚本启动，一次一个事件。',
    mainStart: (name: string): string =>
      `Python 开始运行脚本：${name} 是你启动的进程（process），只有一个线程（thread）：MainThread。`,
    forkStart: (name: string, parent: string): string =>
      `${parent} 调用 fork()：${name} 启动时带着它内存和已打开句柄的副本，但只有调用 fork 的那个线程；` +
      '其他线程（Pool 的处理线程、队列的 feeder 线程）不会被复制。mp.Lock 在子进程里依然有效，' +
      '因为它的信号量在被复制的内存之外；而复制出来的 threading.Lock 会是另一把独立的锁。',
    spawnStart: (name: string, parent: string): string =>
      name === 'forkserver'
        ? `${parent} 启动 fork 服务器，一个新的 Python 解释器。它从命令行得到设置和描述符，` +
          '没有任何序列化；从现在起由它 fork 出子进程。'
        : name === 'resource_tracker'
          ? `${parent} 启动资源跟踪器（resource tracker），一个新的 Python 解释器，` +
            '在进程结束后删除遗留的信号量名字。它从命令行得到自己的管道。'
          : `${parent} 用 spawn 启动 ${name}：一个全新的、空的 Python 解释器。它拿到几个描述符，` +
            `从管道里读取 ${parent} 为它序列化（pickle）的内容，并重新导入脚本` +
            "（不运行 if __name__ == '__main__' 那部分）。",
    forkserverStart: (name: string): string =>
      `fork 服务器替父进程 fork 出 ${name}。子进程带着的是服务器内存的副本（默认情况下服务器已导入脚本），` +
      '不是父进程的，所以它需要的父进程的东西要序列化后发过去。',
    memoryCopy: (name: string, parent: string, vars: string): string =>
      `${name} 现在有了 ${parent} 内存的副本${vars}。什么都没有序列化：fork 原样复制内存。` +
      `这就是继承（inheritance）：只有 ${parent} 持有锁时，锁才会这样到达子进程。`,
    memoryVars: (vars: string): string => `，包括 ${vars}`,
    handleInherited: (name: string, handle: number, label: string): string =>
      `${name} 继承了指向 ${label} 的句柄 ${handle}。这和父进程用的是同一个内核对象，所以两个进程共享它。`,
    handleDuplicated: (name: string, label: string): string =>
      `Windows 把指向 ${label} 的句柄复制到 ${name} 中：在 Windows 上，spawn 出来的子进程就是靠 ` +
      'DuplicateHandle 拿到父进程创建的信号量或管道的。',
    handleOpened: (name: string, label: string): string =>
      `${name} 按名字打开 ${label}（sem_open）。在 Linux 或 macOS 上，spawn 出来的子进程就是这样拿到父进程创建的信号量的。`,
    handleCreated: (name: string, label: string): string =>
      `${name} 创建 ${label}，得到一个指向它的句柄，也就是它句柄表里的一个编号。这个对象不在它的 Python 内存里：` +
      '管道在内核里；信号量在 Linux 上是按名字共享的内存，在 macOS 上是有名字的内核信号量，在 Windows 上是内核对象。',
    handleOther: (name: string, label: string): string => `${name} 得到一个指向 ${label} 的句柄。`,
    pickleStartSpawning: (who: string, what: string): string =>
      `${who} 为了创建子进程而序列化（pickle）${thing(what)}。在创建子进程的过程中，` +
      'multiprocessing 允许锁和队列被序列化，这样它们可以随子进程一起过去。',
    pickleStart: (who: string, what: string): string =>
      `${who} 序列化（pickle）${thing(what)}，要通过管道把它发给另一个进程。这个线程此刻并不在创建子进程，` +
      '所以其中如果有锁或队列，就会被拒绝。',
    pickleDone: (who: string, what: string, size: number): string =>
      `${who} 把 ${thing(what)} 序列化成了 ${zh.num(size)} 字节。其中的一切都能变成字节。`,
    pickleRefusedLock: (who: string, what: string, type: string, exception: string): string =>
      `${who} 试图序列化 ${thing(what)}。其中有一个 ${type}，而 ${type} 只能在创建子进程的过程中序列化：` +
      `它的 __getstate__ 会调用 context.assert_spawning，后者抛出 ${exception}。什么都没有发出去。`,
    pickleRefused: (who: string, what: string, error: string): string =>
      `${who} 试图序列化 ${thing(what)}，序列化失败：${error}`,
    unpickle: (who: string, what: string, size: number): string =>
      `${who} 反序列化 ${thing(what)}（${zh.num(size)} 字节）：从字节重建出对象。`,
    exceptionRaised: (who: string, error: string): string =>
      `${who} 抛出 ${error}。它在那里、在 multiprocessing 内部被捕获，而不是在你的代码里。`,
    exceptionStored: (who: string): string =>
      `${who} 把异常存到任务的结果对象上。现在还什么都不打印：只有主线程来取这个结果时它才会被抛出。` +
      'map 会去取；一个从不读取的 imap 迭代器永远不会去取，这个错误也就永远不会打印。',
    exceptionReraised: (who: string, error: string): string =>
      `${who} 来取结果，拿到的是存着的异常：${error} 在这里、在这个线程中再次抛出，而不是在最早抛出它的地方（另一个线程，或一个工作进程）。`,
    exceptionPrinted: (who: string): string =>
      `没有人捕获这个异常，于是 Python 打印 traceback（${who}），脚本结束。`,
    exceptionPrintedChild: (who: string): string =>
      `${who} 因这个异常而结束：它的 traceback 被打印出来，${who} 以退出码 1 退出。`,
    proxyRequest: (who: string, method: string, count: number): string =>
      `${who} 向管理器（Manager）进程发送请求：“${method}”。管理器对象是代理（proxy）：` +
      `每次调用都是一条发过去、再传回来的消息（到目前为止第 ${zh.num(count)} 个请求）。`,
    proxyResponse: (who: string, method: string, ok: boolean): string =>
      ok
        ? `管理器答复了“${method}”，${who} 继续运行。真正的对象只存在于管理器中。`
        : `管理器对“${method}”答复了一个错误，${who} 把它抛出。`,
    semBlock: (who: string, label: string): string =>
      `${who} 试图 acquire ${label}，但它的计数是 0，所以这个线程要等到有人 release。`,
    semAcquireWaited: (who: string, label: string): string =>
      `${who} 被唤醒：一次 release 把 ${label} 交给了它，于是它不再等待，继续运行。`,
    semAcquire: (who: string, label: string): string =>
      `${who} 立刻 acquire 了 ${label}：它的计数大于 0。`,
    semRelease: (who: string, label: string, wakes: boolean): string =>
      wakes
        ? `${who} release ${label}，直接把它交给一个正在等待的线程。`
        : `${who} release ${label}，它的计数加回去。`,
    pipeWrite: (who: string, size: number, label: string): string =>
      `${who} 向 ${label} 写入 ${zh.num(size)} 字节。进程之间只能传字节，所以对象要先序列化。`,
    handshakeWrite: (who: string, size: number, label: string, message: HandshakeMessage): string =>
      `${who} 向 ${label} 写入 ${zh.num(size)} 字节：${
        {
          challenge: '“#CHALLENGE#”和一串随机字节',
          digest: '用 authkey 对收到的挑战算出的 HMAC',
          welcome: '“#WELCOME#”：收到的摘要是对的',
          failure: '“#FAILURE#”：收到的摘要不对',
        }[message]
      }。这不是 pickle：连到 manager 的连接在发任何请求之前，双方都要先证明自己知道 authkey。`,
    pipeRead: (who: string, size: number, label: string): string =>
      `${who} 从 ${label} 读出一条 ${zh.num(size)} 字节的消息。`,
    pipeBlock: (who: string, label: string): string =>
      `${who} 在 ${label} 上等待：还没有东西可读。`,
    print: (who: string, text: string): string => `${who} 打印“${text}”。`,
    printErr: (who: string, text: string): string => `${who} 写入 stderr：“${text}”。`,
    threadStart: (who: string, name: string): string =>
      name === 'QueueFeederThread'
        ? `${who} 启动线程 ${name}。put() 返回之后，由它把放进队列的每个元素序列化并写进管道；` +
          '如果序列化失败，只有这个线程会打印错误。'
        : `${who} 启动线程 ${name}。线程共享所在进程的内存：启动线程不序列化任何东西。`,
    processExit: (name: string, code: number): string =>
      code === -15
        ? `${name} 被终止（信号 15）。它的句柄关闭了，但它持有的锁仍然处于被持有状态。`
        : `${name} 退出，退出码 ${code}。`,
    verdict: (line: string): string => `脚本得出结论：${line}`,
    verdictRaised: (error: string): string => `脚本因未捕获的异常而结束：${error}。`,
    verdictHang: '脚本永远不会结束：每个线程都在等另一个线程。',
    end: (verdict: string): string => `运行结束。${verdict}`,
    interleave: (other: string): string =>
      `从这里开始，${other} 和 MainProcess 同时运行：不同进程的步骤按调度器碰巧安排的顺序交错，换一个种子就是另一种顺序。`,
    call: (who: string, func: string, args: string): string => `${who} 调用 ${func}(${args})。`,
    returns: (who: string, func: string): string => `${who} 从 ${func}() 返回。`,
    bind: (who: string, name: string, value: string | null): string =>
      value === null ? `${who} 解除 ${name} 的绑定。` : `${who} 把 ${name} 绑定到 ${value}。`,
    kobjCreate: (who: string, label: string): string =>
      `${who} 创建 ${label}：一个在所有进程之外的内核对象，通过句柄访问。`,
    kobjCreatePrivate: (who: string, label: string): string =>
      `${who} 创建 ${label}，一把进程内部的锁：它的线程共享它，其他进程永远看不到。`,
    kobjUnlink: (who: string, label: string): string =>
      `${who} 删除 ${label} 的名字：再也没有进程能按名字打开它，但已经打开的句柄照常可用。`,
    kobjFree: (label: string): string => `内核释放了 ${label}：指向它的最后一个句柄已关闭。`,
    handleClose: (name: string, label: string): string => `${name} 关闭它指向 ${label} 的句柄。`,
    threadExit: (thread: string, process: string): string => `${process} 的 ${thread} 结束。`,
    threadRename: (who: string, name: string): string => `${who} 改名为 ${name}。`,
    processRename: (old: string, name: string): string =>
      `${old} 按分配给它的工作取了名字：${name}。`,
    sleep: (who: string, seconds: number): string => `${who} 休眠 ${zh.num(seconds)} 秒。`,
    semTimeout: (who: string, label: string): string => `${who} 不再等待 ${label}：超时了。`,
    semTryFailed: (who: string, label: string): string =>
      `${who} 不等待地尝试 ${label}；它已被占用，所以这个线程继续往下走。`,
    pipeEof: (who: string, label: string): string =>
      `${who} 发现 ${label} 的另一端已关闭：没有更多可读的了。`,
    generic: (who: string, what: string): string => `${who}：${what}。`,
    object: (kind: string, label: string): string => `${KINDS[kind] ?? kind}“${label}”`,
    note: (text: string): string => text,
    who: {
      taskHandler: '任务处理线程',
      resultHandler: '结果处理线程',
      workerHandler: '工作进程管理线程',
      feeder: (process: string): string => `${process} 的队列 feeder 线程`,
      main: (process: string): string => `${process}`,
      thread: (process: string, thread: string): string => `${process} 的线程 ${thread}`,
    },
  },

  stops: {
    nav: '故事',
    stopLabel: (n: number, title: string): string => `第 ${zh.num(n)} 站：${title}`,
    lockTitle: '创建锁',
    lock:
      'mp.Lock() 向内核要一个信号量（semaphore）。Python 对象里只有指向它的句柄：' +
      '信号量本身在所有进程之外，正因为这样，两个进程才能共享它。',
    lockAloneTitle: '锁只在父进程里创建',
    lockAlone:
      'Pool 的工作进程已经存在，所以这个信号量不在任何工作进程的内存或句柄表里。剩下的唯一途径是' +
      '序列化（pickle）后经管道发过去——而锁（Lock）不允许为管道序列化。',
    workersTitle: '工作进程先于锁启动',
    workers: (method: string, name: string): string =>
      method === 'fork'
        ? `mp.Pool() 立刻 fork 出它的工作进程（先是 ${name}）。每个都得到父进程此刻的副本——` +
          '而此时还没有锁，所以它们谁都没有。'
        : `mp.Pool() 立刻用 ${method} 启动它的工作进程（先是 ${name}）：每个都是新的解释器，` +
          '只得到创建它时序列化过去的东西。锁不在其中。',
    globalsInheritedTitle: (pool: boolean, name: string): string =>
      pool ? '工作进程继承了全局变量' : `${name} 继承了全局变量`,
    globalsInherited: (pool: boolean, names: readonly string[]): string =>
      `${pool ? 'mp.Pool() 在' : 'p.start() 在'} global ${names.join(', ')} 赋值之后` +
      `${pool ? '才 fork 出工作进程' : '才 fork 出子进程'}：` +
      `${pool ? '每个工作进程' : '它'}的内存副本里就有模块的 ${names.join(' 和 ')}，` +
      `句柄表里也是同样的内核对象。这是继承，没有序列化任何东西${pool ? '，也不需要 initializer' : ''}——但这只是因为 fork 复制了父进程。`,
    globalsAfreshTitle: (pool: boolean, name: string): string =>
      pool ? '工作进程启动时没有这些全局变量' : `${name} 启动时没有这些全局变量`,
    globalsAfresh: (method: string, pool: boolean, names: readonly string[]): string =>
      `${pool ? 'mp.Pool() 用' : 'p.start() 用'} ${method} 启动${pool ? '工作进程' : '子进程'}：` +
      `${pool ? '每个工作进程' : '它'}${afresh(method)}，作为 __mp_main__ 运行，而脚本开头写着 ` +
      `${names.map((n) => `${n} = None`).join(' 和 ')}。父进程是在自己的内存里、在子进程从不运行的函数里给它们赋值的，` +
      '也没有任何 pickle 把它们带过去：模块的全局变量既不在 Process 对象里，也不在任何任务里。',
    workersWithLockTitle: '工作进程带着锁被创建',
    workersWithLock: (method: string): string =>
      method === 'fork'
        ? 'Pool(initializer=…, initargs=…) 在锁创建之后才 fork 出工作进程：每个子进程在被创建时继承（inheritance）' +
          '同一个信号量，这正是锁唯一可以传过去的时刻。'
        : 'Pool(initializer=…, initargs=…) 把 initargs 放进每个工作进程的 Process 对象，' +
          '这个对象在工作进程被 spawn 时序列化——这正是锁唯一可以传过去的时刻。',
    managerTitle: '管理器启动自己的进程',
    manager: (name: string): string =>
      `mp.Manager() 启动 ${name}，一个服务器进程。真正的锁将放在那里；脚本拿到的是代理（proxy）：` +
      '一个地址和一个 id，像普通字符串一样可以序列化。',
    secondManagerTitle: '第二个管理器启动',
    secondManager: (name: string): string =>
      `每次调用 mp.Manager() 都会启动自己的服务器，所以 ${name} 是第二个，给下一个对象用。` +
      '两个管理器，就是两个要发请求的进程。',
    childTitle: (name: string): string => `${name} 带着锁被创建`,
    child: (method: string, name: string, hasLock: boolean): string =>
      method === 'fork'
        ? `${name} 在 p.start() 运行时被 fork 出来。${hasLock ? '它的内存副本里有锁，它的句柄表里有同一个信号量：是继承来的，不是序列化来的。' : '它的内存副本里是父进程 fork 时持有的东西。'}`
        : `${name} 是一个新的解释器，在 p.start() 运行时启动。在父进程序列化好的 Process 对象到达之前，` +
          '它没有父进程的任何东西。',
    childProxyTitle: (name: string): string => `${name} 带着代理被创建`,
    childProxy:
      '子进程得到的是代理，不是锁：每个代理都是管理器的地址加一个 id。它们任何时候都能序列化，' +
      '所以子进程怎么启动对它们无所谓。',
    childrenProxy: (count: number): string =>
      `${zh.num(count)} 个进程都得到了同样的两个代理：地址和 id，全都指回管理器里唯一的那把锁和那个队列。`,
    spawnPickleTitle: 'spawn 时序列化 Process 对象',
    spawnPickle: (method: string, pool: boolean): string =>
      `在 ${method} 下，父进程为正在创建的子进程序列化${pool ? '工作进程的 ' : ' '}Process 对象，连同它的参数。` +
      '这里 assert_spawning 会通过：正在 spawn 子进程，所以锁可以序列化（按它的信号量名字）。',
    spawnPickleNoLock: (method: string): string =>
      `在 ${method} 下，父进程在 spawn 每个新子进程时序列化它的 Process 对象——这正是 assert_spawning 允许锁的时刻。` +
      '但锁还不存在，所以不在其中。',
    spawnPickleGlobal: (method: string, pool: boolean): string =>
      `在 ${method} 下，父进程为正在创建的子进程序列化${pool ? '工作进程的' : ''} Process 对象。` +
      '锁不在里面：它是模块的全局变量，不是参数，而 pickle 只写对象持有的东西（它的 target 和参数）。',
    spawnRefusedTitle: 'pickle 拒绝了 Process 的目标函数',
    spawnRefused: (
      method: string,
      child: string,
      fn: { qualname: string; outer: string; lambda: boolean },
    ): string =>
      `在 ${method} 下，父进程为即将创建的子进程序列化 ${child} 的 Process 对象，而它的目标是定义在 ` +
      `${fn.outer}() 里面的${fn.lambda ? ' lambda' : '函数'}：${fn.qualname}。pickle 把函数写成模块名加名字，` +
      `没有任何模块有这个名字，所以 start() 在 ${child} 出现之前就在父进程里抛出异常。在 fork 下什么都不用序列化：子进程随内存一起继承了这个函数。`,
    spawnRefusedWindows: (
      child: string,
      fn: { qualname: string; outer: string; lambda: boolean },
    ): string =>
      `在 Windows 上，父进程先创建 ${child}，然后才把它的 Process 对象序列化后经管道发给它，而它的目标是定义在 ` +
      `${fn.outer}() 里面的${fn.lambda ? ' lambda' : '函数'}：${fn.qualname}。pickle 把函数写成模块名加名字，` +
      `没有任何模块有这个名字，所以 start() 在父进程里抛出异常——这时 ${child} 已经在运行，等着那个对象。` +
      '在 fork 下（Linux、macOS）什么都不用序列化。',
    childEofTitle: (child: string): string => `${child} 读不到输入`,
    childEof: (child: string): string =>
      `${child} 收到了准备数据，并把脚本作为 __mp_main__ 导入；接着它读取自己的 Process 对象。` +
      '父进程在序列化失败时关闭了管道，所以 pickle.load 什么也读不到：EOFError: Ran out of input。' +
      `${child} 打印出自己的 traceback，以退出码 1 结束：这是第二个 traceback，子进程的，和父进程的并列。`,
    forkserverTitle: 'fork 服务器启动',
    forkserver:
      '在 forkserver 下，父进程先启动一个干净的小服务器进程。每个子进程都从它 fork 出来，而不是从父进程，' +
      '所以子进程继承不到父进程的任何东西：它需要的都在创建时序列化过去。',
    reopenedTitle: '子进程重新打开同一个信号量',
    reopened: (name: string, duplicated: boolean): string =>
      duplicated
        ? `${name} 收到父进程句柄的副本（DuplicateHandle）：是同一个信号量，不是它的副本。`
        : `${name} 按名字打开父进程的信号量（sem_open）：是同一个内核对象，不是它的副本。`,
    taskPickleTitle: '任务处理线程序列化任务 0',
    taskPickle: (method: string): string =>
      'map() 只是把任务排进队列。Pool 的任务处理线程 Thread-2 (_handle_tasks) 之后才序列化（pickle）每个任务，' +
      `经 Pool 的管道发出去——而工作进程早就${method === 'fork' ? ' fork 出来' : '启动'}了。`,
    refusedTitle: (type: string): string => `assert_spawning 拒绝了 ${type}`,
    refused: (type: string): string =>
      `${type}.__getstate__ 问 context.assert_spawning：这个线程现在是在创建子进程吗？任务处理线程不是——` +
      'mp.Pool() 早先已经启动了工作进程——所以它在父进程里抛出异常。没有任务到达工作进程。',
    refusedFunctionTitle: 'pickle 拒绝了函数',
    refusedFunction: (fn: { qualname: string; outer: string; lambda: boolean }): string =>
      '任务里除了参数，还带着要运行的函数。pickle 把函数写成一个引用——模块名加限定名——由工作进程去导入；' +
      `定义在 ${fn.outer}() 里面的${fn.lambda ? ' lambda' : '函数'}名叫 ${fn.qualname}，` +
      '没有任何模块有这个名字，所以序列化器在父进程里抛出异常。没有任务到达工作进程。',
    refusedFunctionRest: (from: string, last: string): string =>
      `任务处理线程继续：任务 ${from} 到 ${last} 里是同一个函数，以同样的方式被拒绝。这个任务组只需要一个错误，也就是第一个。`,
    refusedRestTitle: (from: string, last: string): string => `任务 ${from}–${last} 同样被拒绝`,
    refusedRest: (from: string, last: string): string =>
      `任务处理线程继续：任务 ${from} 到 ${last} 里是同一个对象，过不了同一道检查。这个任务组只需要一个错误，也就是第一个。`,
    storedTitle: '错误存到任务的结果上',
    stored: (call: string | null): string =>
      '任务处理线程没有崩溃：它把异常放到任务的结果对象上，继续运行。' +
      (call === null
        ? '脚本从不读取这个结果，所以没有谁会把它抛出来。'
        : `主线程还在 ${call}() 里等着，还没看到它。`),
    reraisedTitle: (call: string): string => `${call}() 在 MainThread 中再次抛出它`,
    reraised: (call: string): string =>
      `${call}() 带着存着的异常醒来，在 MainThread 中再次抛出：这就是你看到的 traceback，尽管拒绝发生在另一个线程里。`,
    globalNoneTitle: (process: string, name: string): string => `${process} 里的 ${name} 是 None`,
    globalNone: (pool: boolean, name: string): string =>
      `任务用 ${name} = None（模块自己的值）执行 ${name === 'lock' ? 'lock.acquire()' : 'queue.put(idx)'}：AttributeError。` +
      (pool
        ? '工作进程没有崩溃：它捕获这个异常，把它的 traceback 变成文字（ExceptionWithTraceback），经结果管道送回去。每个任务都遇到同一个 None。'
        : '子进程在自己的 stderr 上打印 traceback，以退出码 1 结束；这些都不会回到父进程。每个子进程都遇到同一个 None。'),
    remoteStoredTitle: '错误回到父进程',
    remoteStored: (call: string | null): string =>
      '在父进程里，结果处理线程（_handle_results）反序列化它：rebuild_exc 重新造出 AttributeError，' +
      '并把工作进程的 traceback（一个 RemoteTraceback）作为它的起因，然后存到任务的结果上。' +
      (call === null
        ? '脚本从不读取这个结果，所以没有谁会把它抛出来。'
        : `主线程还在 ${call}() 里等着，还没看到它。`),
    remoteReraised: (call: string): string =>
      `${call}() 带着存着的异常醒来，在 MainThread 中再次抛出。Python 先打印它的起因——工作进程的 traceback，` +
      '即 RemoteTraceback——然后是“The above exception was the direct cause of the following exception:”，最后才是父进程自己的。',
    taskPickledTitle: '任务 0 可以序列化',
    taskPickledProxy:
      '任务里是代理，不是锁：每个代理序列化成管理器的地址和对象的 id，所以任务处理线程的序列化成功了。',
    taskPickledPlain:
      '任务里只有一个数字：锁和队列在工作进程创建时就经由 initializer 到了它们那里，所以任务里没有需要 assert_spawning 的东西。',
    taskPickledGlobals: (inherits: boolean): string =>
      '任务里只有一个数字：任务把 lock 和 queue 当作模块的全局变量来读' +
      (inherits
        ? '，工作进程在被 fork 时就继承了它们'
        : '——每个工作进程在这两个名字下有什么就用什么') +
      '，所以任务里没有需要 assert_spawning 的东西。',
    taskUnpickledTitle: (name: string): string => `${name} 反序列化任务 0`,
    taskUnpickled: (proxies: boolean): string =>
      proxies
        ? '反序列化代理时，从地址和 id 重建出它：工作进程连接到管理器；没有复制任何信号量。'
        : '工作进程从字节重建出任务，用它已经有的锁来执行任务。',
    acquireTitle: (name: string): string => `${name} 获取锁`,
    acquire: (method: string): string =>
      method === 'fork'
        ? '子进程 acquire 它继承来的信号量。写时复制复制的是内存页，但信号量从来不在那块内存里：它是一个共享的内核对象。'
        : '子进程 acquire 它按名字重新打开的信号量：和父进程创建的是同一个内核对象，所以这把锁能在进程之间互斥。',
    contentionTitle: (name: string): string => `${name} 在等同一把锁`,
    contention:
      '另一个进程持有这个信号量，所以这个进程要等。等待本身就证明它们共享同一把锁：各自的副本永远不会让谁等待。',
    proxyCallTitle: (method: string): string => `${method}() 是发给管理器的一条消息`,
    proxyCall: (method: string): string =>
      `代理的 ${method}() 在这里不碰任何信号量：它向管理器（Manager）进程发请求，由管理器在真正的对象上执行，再答复。`,
    proxyRestTitle: (calls: number): string => `一共 ${zh.num(calls)} 次往返`,
    proxyRest: (calls: number): string =>
      `每次 acquire、release 和 put 都是一次请求加一次回应：这次运行共 ${zh.num(calls)} 次。这就是管理器的代价，也是它在哪里都能用的原因。`,
    childrenTitle: (count: number): string => `${zh.num(count)} 个子进程都以同样的方式创建`,
    children: (count: number): string =>
      `${zh.num(count)} 个进程都是在被创建时拿到锁的——正是 multiprocessing 允许的时刻。`,
    childrenGlobals: (count: number, inherits: boolean, name: string): string =>
      inherits
        ? `${zh.num(count)} 个子进程都是在 global ${name} 赋值之后 fork 出来的，随内存一起继承了它。`
        : `${zh.num(count)} 个子进程都重新导入了脚本，发现 ${name} 是 None：它们谁也没拿到过父进程的那个。`,
    insteadTitle: '换成什么做法可行',
    instead: (type: string): string =>
      `${type} 必须在工作进程被创建时送到它们那里：通过 Pool(initializer=…, initargs=…) 传入，` +
      '或者用管理器的代理，代理任何时候都能序列化。',
    insteadQuiet: (type: string, call: string): string =>
      `${call}() 的结果从没被读取，所以 ${type} 被拒绝这件事从未抛出：脚本只是发现没有结果。通过 initializer 传入，或者用管理器。`,
    insteadFunction: (fn: { outer: string }): string =>
      '把任务函数定义在模块顶层，像 the_job 那样：pickle 会写下 __main__.the_job，每个子进程按这个名字找到它。' +
      `管理器或 initializer 改变的是锁和队列怎么传过去，而不是函数：定义在 ${fn.outer}() 里面的函数走哪条路都无法被 pickle。` +
      '只有继承它的子进程才能运行它：fork 下每个任务一个 Process。',
    insteadFunctionQuiet: (call: string): string =>
      `${call}() 的结果从没被读取，所以函数被拒绝这件事从未抛出：脚本只是发现没有结果。把任务函数定义在模块顶层，像 the_job 那样。`,
    insteadGlobal: (pool: boolean, name: string): string =>
      `在 fork 下这个脚本能用：${pool ? '工作进程' : '每个子进程'}是在 global ${name} 赋值之后 fork 出来的，继承了它。` +
      '对 spawn 和 forkserver（macOS 和 Windows 上的默认方式，Linux 上从 Python 3.14 起也是），' +
      (pool
        ? '要在每个工作进程启动时把对象交给它：Pool(initializer=…, initargs=(lock, queue)) 会在每个工作进程里设置这些全局变量。' +
          '或者用管理器的代理，它们任何时候都能序列化。'
        : '把对象作为 Process 的参数传入，args=(task, lock, queue)：它们在创建子进程的过程中被序列化，这正是锁唯一可以传递的时机。' +
          '或者用管理器的代理。'),
    verdictTitle: '结论',
    verdictOk: '每个元素都按顺序到达了：锁经由允许的途径到达了每个子进程。',
    verdictOrder:
      '每个元素都到达了，但不是按任务顺序：什么都没丢，脚本的“result != args”检查却还是失败。顺序由调度器决定。',
    verdictHang: '脚本永远不会结束：每个线程都在等另一个线程。',
  },
};
