/** A grey placeholder block that pulses while data loads. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-xl bg-hint/20 ${className}`} />;
}

export function PageSkeleton() {
  return (
    <div className="space-y-3 p-4" data-testid="skeleton" aria-busy="true">
      <Skeleton className="h-10" />
      <Skeleton className="h-28" />
      <Skeleton className="h-28" />
      <Skeleton className="h-48" />
    </div>
  );
}
