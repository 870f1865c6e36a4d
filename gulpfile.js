// @ts-check
const path = require('path');
const { src, dest, parallel } = require('gulp');

/** Copies every node and credential icon into dist/ at the same relative path. @param {string} folder */
function copyIcons(folder) {
	const task = () =>
		src(`${folder}/**/*.{png,svg}`, { encoding: false }).pipe(dest(path.join('dist', folder)));
	task.displayName = `copy ${folder} icons`;
	return task;
}

exports['build:icons'] = parallel(copyIcons('icons'), copyIcons('nodes'), copyIcons('credentials'));
