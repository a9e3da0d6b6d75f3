/** The "Segment this sheet" task pane. */
import { FluentProvider, Title3, webLightTheme } from "@fluentui/react-components";

export function App() {
  return (
    <FluentProvider theme={webLightTheme}>
      <Title3 as="h1">CRM Segments</Title3>
    </FluentProvider>
  );
}
