// The comparison view's and the journeys' strings, in English: loaded with
// the comparison view (a part of the messages module in its own chunk).
// Other locales get a module of the same shape.

import type { StartMethod } from '../src/sim/trace';
import { num, plural } from './intl';
import { registerMessages, type Translation } from './locale';

const methods = (list: readonly string[]): string =>
  list.length <= 2 ? list.join(' and ') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;

export const compareMessages = registerMessages('compare', {
  compare: {
    /** The links on the page. */
    links: 'Compare',
    linksLead: 'Compare:',
    withScenario: (id: number): string => `with scenario ${id}`,
    withScenarioTitle: (id: number, title: string): string =>
      `Scenario ${id} (${title}) beside this one, stepped together`,
    startMethods: 'start methods',
    startMethodsTitle: (list: readonly StartMethod[]): string =>
      `This scenario under ${methods(list)}, side by side`,
    back: 'Back to one walkthrough',
    title: 'Side by side',
    intro: (what: string): string =>
      `${what}, stepped together by story stop: Next and Previous move every side to the ` +
      'moment that matches.',
    introScenarios: (a: number, b: number): string => `Scenario ${a} beside scenario ${b}`,
    introMethods: (list: readonly StartMethod[]): string => `One scenario under ${methods(list)}`,
    side: (scenario: number, title: string, method: StartMethod): string =>
      `Scenario ${scenario}: ${title} · ${method}`,
    controls: 'Step all sides',
    moments: 'Moments',
    momentLabel: (n: number, title: string, route: boolean): string =>
      `Moment ${num(n)}: ${title}${route ? ' (the route)' : ''}`,
    holds: '(holds)',
    previous: 'Previous stop',
    next: 'Next stop',
    position: (row: number, rows: number): string => `moment ${num(row)} of ${num(rows)}`,
    running: 'Running…',
    routeHere: 'the route: where the Lock travels, or is refused',
    failed: (message: string): string => `The run failed: ${message}`,
    waiting: 'This side has not reached its story yet.',
    holding: 'This side has no stop for this moment: it stays where it was.',
    heldAt: (title: string): string => `Still at: ${title}`,
    notice: (value: string, why: string): string =>
      `“compare=${value}” cannot be compared: ${why}. Showing one walkthrough.`,
    whyEmpty: 'it names nothing',
    whyLong: 'it is longer than a comparison can be',
    whyCount: 'name two scenarios (compare=1,3) or two or three start methods (compare=fork,spawn)',
    whyMixed: 'name scenarios or start methods, not both',
    whyScenario: (value: string): string => `“${value}” is not a scenario (1–6)`,
    whyMethod: (value: string): string =>
      `“${value}” is not a start method (fork, spawn, forkserver)`,
    whySame: 'it names the same thing twice',
    whyPlatform: (method: string, platform: string): string =>
      `${platform} has no “${method}” start method`,
  },

  journey: {
    title: 'Journeys so far',
    none: 'Nothing the question is about exists yet.',
    label: (object: string): string => `The ${object}’s journey`,
    so: 'so far',
    created: (process: string): string => `created in ${process}`,
    proxyMade: (manager: string, type: string, object: string): string =>
      `an ${type} in MainProcess: the real ${object} lives in ${manager}`,
    inherited: (names: string): string => `inherited by fork into ${names}`,
    opened: (names: string): string => `reopened by name in ${names} (pickled while spawning)`,
    duplicated: (names: string): string =>
      `duplicated into ${names} (DuplicateHandle, while spawning)`,
    passed: (names: string): string => `its pipe passed to ${names} while spawning`,
    relayed: (via: string, names: string): string =>
      `passed to the ${via} while spawning, then inherited by fork into ${names}`,
    pickled: (names: string): string => `pickled, by its name, while spawning ${names}`,
    before: (names: string, fork: boolean): string =>
      fork
        ? `not in ${names} (forked before it existed)`
        : `not in ${names} (started before it existed)`,
    refused: (tasks: string, error: string): string =>
      `refused when pickled for ${tasks} (${error})`,
    taskPickled: (tasks: string): string => `pickled into ${tasks}`,
    taken: (names: string): string => `acquired in ${names}: one semaphore, no copy`,
    neverLeft: (process: string): string => `never left ${process}`,
    travels: (names: string): string => `an address and an id travel to ${names}`,
    calls: (count: number, manager: string): string =>
      `every call goes back to ${manager} (${plural(count, { one: '# request', other: '# requests' })})`,
    task: (n: string): string => `task ${n}`,
    tasks: (from: string, to: string): string => `tasks ${from}–${to}`,
  },
});

export type CompareMessagesShape = Translation<typeof compareMessages>;
