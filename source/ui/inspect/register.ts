import {screens} from '../screens.js';
import {DescribeScreen} from './DescribeScreen.js';
import {DoctorScreen} from './DoctorScreen.js';
import {EventsScreen} from './EventsScreen.js';
import {TimelineScreen} from './TimelineScreen.js';

// Imported for its effect: the browser's d, e, t and x keys work once these are registered.

const scrolling: Array<[string, string]> = [
	['j/k', 'scroll'],
	['PgUp/PgDn', 'page'],
	['g/G', 'top/end'],
];

screens.describe = {component: DescribeScreen, hints: [...scrolling, ['/', 'search'], ['n/N', 'next/prev'], ['esc', 'back']]};
screens.events = {component: EventsScreen, hints: [...scrolling, ['w', 'warnings'], ['esc', 'back']]};
screens.timeline = {component: TimelineScreen, hints: [...scrolling, ['esc', 'back']]};
screens.doctor = {component: DoctorScreen, hints: [...scrolling, ['esc', 'back']]};
