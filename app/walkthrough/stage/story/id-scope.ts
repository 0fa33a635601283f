/**
 * A prefix for the story view's element ids, so that two story views on one
 * page (the comparison, app/compare) never share an id: the page's single
 * view has none.
 */
import { createContext } from 'react';

export const StoryIdScope = createContext('');
