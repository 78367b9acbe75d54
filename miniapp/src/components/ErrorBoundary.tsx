import { Component, type ReactNode } from "react";
import { ErrorState } from "./ErrorState.tsx";
import { t } from "../i18n/ru.ts";

interface State {
  hasError: boolean;
}

/** The last line of defence: a rendering bug shows a Russian message and a retry, never a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { hasError: false };

  static getDerivedStateFromError(): State {
    return { hasError: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render() {
    if (!this.state.hasError) return this.props.children;
    return <ErrorState message={t.common.unexpectedError} onRetry={() => window.location.reload()} />;
  }
}
