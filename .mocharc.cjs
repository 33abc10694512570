// `npx mocha dist/test/x.test.js` runs just that file; with no file given, the whole suite.
const files = process.argv.slice(2).filter((arg) => arg.endsWith('.js'));
module.exports = {
  spec: files.length ? files : ['dist/test/**/*.test.js'],
  timeout: 120000,
  reporter: 'spec',
  exit: true,
};
