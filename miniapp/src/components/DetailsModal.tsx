import type { ReactNode } from "react";
import { t } from "../i18n/ru.ts";
import { hapticTap, openExternalLink } from "../lib/platform.ts";
import type { HouseDetails, HouseListItem } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { ErrorState } from "./ErrorState.tsx";
import { HousePhotos } from "./HousePhotos.tsx";
import { Modal } from "./Modal.tsx";
import { Skeleton } from "./Skeleton.tsx";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2">
      <div className="text-xs text-hint">{label}</div>
      <div className="text-sm">{children}</div>
    </div>
  );
}

/** "Детали": the full card of a house with the senior resident's and the management company's contacts (only the id is needed). */
export function DetailsModal({ house, onClose }: { house: Pick<HouseListItem, "id">; onClose: () => void }) {
  const details = useApi<HouseDetails>(`/api/cleaning/house/${house.id}/details`);
  const data = details.data;
  return (
    <Modal title={t.details.title} onClose={onClose} testId="details-modal">
      {details.error ? (
        <ErrorState message={details.error.message} onRetry={details.reload} />
      ) : !data ? (
        <Skeleton className="h-72" />
      ) : (
        <div className="divide-y divide-separator">
          <Row label={t.details.address}>{data.house.address}</Row>
          <Row label={t.works.periodicity}>{data.schedule.periodicity || t.common.notSet}</Row>
          <Row label={t.details.sizes}>
            {[data.house.apartments, data.house.entrances, data.house.floors]
              .map((value) => value ?? t.common.notSet)
              .join(" / ")}
          </Row>
          <Row label={t.works.brigade}>{data.house.brigade?.name ?? t.common.notSet}</Row>
          <Row label={t.details.stage}>
            {data.house.stage?.title ?? t.common.notSet}
            {data.house.isArchived && <span className="ml-2 text-destructive">{t.details.archived}</span>}
          </Row>
          {data.house.tariff && <Row label={t.details.tariff}>{data.house.tariff}</Row>}
          <Row label={t.details.seniorResident}>
            {data.contacts.seniorResident ? (
              <>
                {data.contacts.seniorResident.name ?? t.common.notSet}
                {data.contacts.seniorResident.phone && (
                  <a className="ml-2 text-link" href={`tel:${data.contacts.seniorResident.phone}`}>
                    {data.contacts.seniorResident.phone}
                  </a>
                )}
              </>
            ) : (
              t.details.noContacts
            )}
          </Row>
          <Row label={t.details.managementCompany}>
            {data.contacts.managementCompany ? (
              <div data-testid="mc-contacts">
                <div>{data.contacts.managementCompany.title}</div>
                {data.contacts.managementCompany.phones.map((phone) => (
                  <a key={phone} className="block text-link" href={`tel:${phone}`}>
                    {phone}
                  </a>
                ))}
                {data.contacts.managementCompany.emails.map((email) => (
                  <a key={email} className="block text-link" href={`mailto:${email}`}>
                    {email}
                  </a>
                ))}
              </div>
            ) : (
              t.details.noContacts
            )}
          </Row>
          <HousePhotos houseId={data.house.id} />
          {data.house.bitrixUrl && (
            <div className="pt-3">
              <button
                type="button"
                onClick={() => {
                  hapticTap();
                  openExternalLink(data.house.bitrixUrl as string);
                }}
                className="w-full rounded-xl bg-button py-2.5 text-sm font-medium text-button-text"
              >
                {t.works.openInBitrix}
              </button>
            </div>
          )}
        </div>
      )}
    </Modal>
  );
}
