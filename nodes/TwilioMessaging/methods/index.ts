import { searchMessagingServices, searchPhoneNumbers } from '../../shared/methods/listSearch';
import { searchContentTemplates } from './contentTemplateSearch';
import { getContentVariables } from './resourceMapping';

export const listSearch = { searchContentTemplates, searchMessagingServices, searchPhoneNumbers };
export const resourceMapping = { getContentVariables };
