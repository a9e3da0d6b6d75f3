/** Task pane entry: waits for Office.js, then renders the pane over the real workbook. */
import { createRoot } from "react-dom/client";
import { createWorkbookApi } from "../excel";
import { App } from "./App";

// The callback does the work; the promise only repeats the host info passed to it.
void Office.onReady(() => {
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<App api={createWorkbookApi()} />);
});
