// What a finding means beyond its words, declared with its check (Detector.meaning): the detectors' table
// (src/detectors/index.ts) gathers each check's meaning for the incidents, the restart policy and the history.

/**
 * What a check's findings mean to the incidents, the restart policy and the history, declared where the check is
 * (issue 81 item 2: a new kind once touched seven name-sets in five files).
 */
export interface FindingMeaning {
  /**
   * down: the gateway itself is not running (a running gateway's other findings are moot); death: it went without a
   * word (Hermes' next life reports an unclean exit); forecast: a trend, withdrawn when it turns, never "recovered";
   * episode: many short outages, each back, over when the check no longer finds them; unexplained: a platform not
   * connected without naming why (one cause still under way when another such follows); whileDown: as true of a
   * gateway that is down (a risk of its setup, an update stuck, two gateways at once): kept when it is down, where a
   * running gateway's findings go; loop: a crash loop, each death in it the loop's, its first one too.
   */
  roles?: readonly ('down' | 'death' | 'forecast' | 'episode' | 'unexplained' | 'whileDown' | 'loop')[];
  /** A restart for it goes at once, busy agents or not: the gateway serves no one, its turns are lost already. */
  atOnce?: boolean;
  /** Causes of this check in which no gateway runs (a start that loses to a stale pid file every time). */
  downCauses?: readonly string[];
  /** Causes of this check that are a crash loop (role `loop` for those alone). */
  loopCauses?: readonly string[];
  /**
   * The findings one of this check explains, left out when both are found: they only repeat it (a forecast of a disk
   * already full) or follow from it (messages unanswered while every turn fails).
   */
  explains?: readonly Explained[];
  /**
   * Symptoms of the same gateway this cause explains while it is under way rather than broken (its restart advice
   * `wait`): they are found too, and their restart waits for it, which a restart would only begin again.
   */
  explainsWhileUnderWay?: readonly string[];
}

/** A finding another explains (FindingMeaning.explains): its check, and where given its cause or its words' key. */
export interface Explained {
  check: string;
  cause?: string;
  key?: string;
  /** Only while the explaining finding has this cause, or has not this one. */
  when?: { cause?: string; notCause?: string };
}
