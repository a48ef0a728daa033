// NestJS 12 ships ES modules; Jest on Node 20 cannot require() them natively (Jest needs
// Node 24.9+ for require(esm)), so SWC compiles @nestjs/* to CommonJS along with our own code.
const transform = {
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
      },
      module: { type: 'commonjs' },
    },
  ],
};
// node-fetch 3 and uuid 13 (pulled in by the Vonage SDK) are ESM-only too.
const transformIgnorePatterns = ['/node_modules/(?!(@nestjs|node-fetch|data-uri-to-buffer|fetch-blob|formdata-polyfill|uuid)/)'];
const common = { transform, transformIgnorePatterns, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // An e2e hook boots a whole app and seeds it through HTTP (scrypt-hashed passwords included);
  // on a busy CI machine that takes well over Jest's 5 s default. (A global option: Jest ignores
  // it inside a project.)
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', rootDir: 'src', testRegex: '.*\\.spec\\.ts$' },
    { ...common, displayName: 'e2e', rootDir: 'test', testRegex: '.*\\.e2e-spec\\.ts$' },
  ],
};
