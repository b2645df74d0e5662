// The portal's live region is the shared one (web/ui), used by the Help Desk as well.
export { AnnouncerProvider, useAnnounce } from "../ui/announcer";
