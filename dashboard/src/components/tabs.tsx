/** A row of tabs: buttons with role="tab" and aria-selected; arrow keys move between them. */

export interface TabItem {
  id: string;
  label: string;
}

export function Tabs({ items, selected, onSelect, label, idPrefix }: { items: TabItem[]; selected: string; onSelect: (id: string) => void; label: string; idPrefix: string }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const at = items.findIndex((t) => t.id === selected);
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : (at + (e.key === 'ArrowLeft' ? -1 : 1) + items.length) % items.length;
    onSelect(items[next].id);
    const list = e.currentTarget as HTMLElement;
    requestAnimationFrame(() => list.querySelector<HTMLElement>(`#${idPrefix}-${items[next].id}`)?.focus());
  };
  return (
    <div class="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((t) => (
        <button
          key={t.id}
          id={`${idPrefix}-${t.id}`}
          type="button"
          role="tab"
          class="tab"
          aria-selected={t.id === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={t.id === selected ? 0 : -1}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
