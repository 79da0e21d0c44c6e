// widget.css is bundled as text (minified by esbuild, see bundleWidget) and adopted by the widget's shadow root.
declare module '*.css' {
  const text: string;
  export default text;
}
