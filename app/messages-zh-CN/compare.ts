// 对比视图和“旅程”的文字。The zh-CN counterpart of ../../messages-compare.ts.

import type { StartMethod } from '../../src/sim/trace';
import { list, title, zh } from './common';

export const compareMessages = {
  compare: {
    links: '对比',
    linksLead: '对比：',
    withScenario: (id: number): string => `和场景 ${id}`,
    withScenarioTitle: (id: number, english: string): string =>
      `场景 ${id}（${title(id, english)}）放在这个旁边，一起逐步`,
    startMethods: '各种启动方式',
    startMethodsTitle: (methods: readonly StartMethod[]): string =>
      `这个场景在 ${list(methods)} 下并排对比`,
    back: '回到单个讲解',
    title: '并排对比',
    intro: (what: string): string =>
      `${what}，按故事节点一起逐步：“下一站”和“上一站”让每一边都走到相对应的时刻。`,
    introScenarios: (a: number, b: number): string => `场景 ${a} 与场景 ${b} 并排`,
    introMethods: (methods: readonly StartMethod[]): string => `同一个场景在 ${list(methods)} 下`,
    side: (scenario: number, english: string, method: StartMethod): string =>
      `场景 ${scenario}：${title(scenario, english)} · ${method}`,
    controls: '所有一边一起走',
    moments: '时刻',
    momentLabel: (n: number, stop: string, route: boolean): string =>
      `时刻 ${zh.num(n)}：${stop}${route ? '（路线）' : ''}`,
    holds: '（停留）',
    previous: '上一站',
    next: '下一站',
    position: (row: number, rows: number): string => `时刻 ${zh.num(row)} / ${zh.num(rows)}`,
    running: '运行中…',
    routeHere: '路线：锁在这里传过去，或被拒绝',
    failed: (message: string): string => `运行失败：${message}`,
    waiting: '这一边还没走到它的故事。',
    holding: '这一边在这个时刻没有节点：停在原处。',
    heldAt: (stop: string): string => `仍在：${stop}`,
    notice: (value: string, why: string): string =>
      `“compare=${value}”无法对比：${why}。改为显示单个讲解。`,
    whyEmpty: '它什么都没写',
    whyLong: '它比一个对比能有的长度还长',
    whyCount: '写两个场景（compare=1,3），或两到三种启动方式（compare=fork,spawn）',
    whyMixed: '写场景或启动方式，不要两者都写',
    whyScenario: (value: string): string => `“${value}”不是场景编号（1–6）`,
    whyMethod: (value: string): string => `“${value}”不是启动方式（fork、spawn、forkserver）`,
    whySame: '同一个东西写了两次',
    whyPlatform: (method: string, platform: string): string =>
      `${platform} 没有“${method}”这种启动方式`,
  },

  journey: {
    title: '到目前为止的旅程',
    none: '问题涉及的东西还都不存在。',
    label: (object: string): string => `${object}的旅程`,
    so: '到目前为止',
    created: (process: string): string => `在 ${process} 中创建`,
    proxyMade: (manager: string, type: string, object: string): string =>
      `MainProcess 中的一个 ${type}：真正的${object}在 ${manager} 里`,
    inherited: (names: string): string => `经 fork 继承到 ${names}`,
    opened: (names: string): string => `在 ${names} 中按名字重新打开（spawn 时序列化）`,
    duplicated: (names: string): string => `复制到 ${names}（DuplicateHandle，spawn 时）`,
    passed: (names: string): string => `它的管道在 spawn 时传给了 ${names}`,
    relayed: (via: string, names: string): string =>
      `spawn 时传给 ${via}，再经 fork 继承到 ${names}`,
    pickled: (names: string): string => `spawn ${names} 时按名字序列化`,
    before: (names: string, fork: boolean): string =>
      fork
        ? `不在 ${names} 中（它们在它存在之前就 fork 出来了）`
        : `不在 ${names} 中（它们在它存在之前就启动了）`,
    refused: (tasks: string, error: string): string => `为${tasks} 序列化时被拒绝（${error}）`,
    taskPickled: (tasks: string): string => `序列化进了${tasks}`,
    taken: (names: string): string => `在 ${names} 中被获取：同一个信号量，没有副本`,
    neverLeft: (process: string): string => `从未离开 ${process}`,
    travels: (names: string): string => `一个地址和一个 id 传到了 ${names}`,
    calls: (count: number, manager: string): string =>
      `每次调用都回到 ${manager}（${zh.num(count)} 个请求）`,
    task: (n: string): string => `任务 ${n}`,
    tasks: (from: string, to: string): string => `任务 ${from}–${to}`,
  },
};
