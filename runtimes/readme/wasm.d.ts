// esbuild's `file` loader: importing a .wasm gives its emitted URL (as in an app's own
// declarations for that loader).
declare module "*.wasm" {
  const url: string;
  export default url;
}
