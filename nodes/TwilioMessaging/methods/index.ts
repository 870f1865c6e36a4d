import { searchContentTemplates, searchMessagingServices, searchPhoneNumbers } from './listSearch';
import { getContentVariables } from './resourceMapping';

export const listSearch = { searchContentTemplates, searchMessagingServices, searchPhoneNumbers };
export const resourceMapping = { getContentVariables };
