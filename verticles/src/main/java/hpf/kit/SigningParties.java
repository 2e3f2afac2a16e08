package hpf.kit;

import io.vertx.core.Future;

/** Whoever may sign requests to one listener (channel apps, partner banks), as the edge's signature check asks. */
public interface SigningParties {

  /** The caller's id header, e.g. X-HPF-App-Id. */
  String idHeader();

  /** The caller, or null when none has this id. */
  Future<SigningParty> find(String id);

  Problem unknown();

  Problem disabled();
}
