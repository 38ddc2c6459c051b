// Entry point: mounts the app shell with the global styles.
import { mount } from "svelte";
import "./shared/app.css";
import App from "./App.svelte";
import CaptureWindow from "./features/capture/CaptureWindow.svelte";
import { openExternal } from "./app/api";
import { reportStartup } from "./app/perf";
import { installLinkHandler } from "./shared/links";
import { trimAppFontStack } from "./shared/fonts";

const target = document.getElementById("app");
if (!target) throw new Error("Meridian: #app element is missing from index.html");

reportStartup();
// Before the first render, so no layout looks up the families this machine lacks.
trimAppFontStack();
// Links people wrote open in the system browser; the window never follows one.
installLinkHandler(openExternal);
// The quick-capture window loads the same page with #capture and shows only its field.
export default mount(window.location.hash === "#capture" ? CaptureWindow : App, { target });
