// The portal's dates are the shared ones (web/ui), used by the Help Desk as well.
export {
  AbsoluteTime,
  formatAbsolute,
  formatRelative,
  NowProvider,
  RelativeTime,
  toDate,
  toIso,
} from "../ui/format";
