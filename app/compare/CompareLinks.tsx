/**
 * The way from one walkthrough to the comparisons: "Compare with scenario 3"
 * (Pool beside Process, the same Lock by two routes) and "Compare start
 * methods" (every start method the platform has, for this scenario). Plain
 * links: the comparison is an address (`?compare=…`) of the same page (the
 * app's, or the embed's).
 */
import { validStartMethods } from '../../src/sim/platforms';
import { scenarioSpec } from '../../src/sim/scenarios';
import { compareMessages } from '../messages-compare';
import { toSearch } from '../params';
import { selectParams } from '../store';
import { useRunState } from '../store-context';
import { counterpart, withCompare } from './param';

const c = compareMessages.compare;

export default function CompareLinks() {
  const params = useRunState(selectParams);
  const other = counterpart(params.scenario);
  const methods = validStartMethods(params.platform);
  const search = toSearch(params);
  const scenarios = withCompare(search, { kind: 'scenarios', scenarios: [params.scenario, other] });
  return (
    <nav className="compare-links" aria-label={c.links}>
      <span aria-hidden="true">{c.linksLead}</span>
      {/* A composed scenario is compared with itself under each start method only. */}
      {params.document === undefined && (
        <a href={scenarios} title={c.withScenarioTitle(other, scenarioSpec(other).title)}>
          {c.withScenario(other)}
        </a>
      )}
      {methods.length > 1 && (
        <a
          href={withCompare(search, { kind: 'methods', methods })}
          title={c.startMethodsTitle(methods)}
        >
          {c.startMethods}
        </a>
      )}
    </nav>
  );
}
