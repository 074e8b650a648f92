package io.rosterbridge.fetcher.listener;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.syncrequests.SyncRequestCommand;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.kafka.DeadLetters;
import io.smallrye.common.annotation.Blocking;

/**
 * Support's commands from sync.requests (docs/events/sync-requests.schema.json). A command that breaks the contract
 * is dead-lettered with the reason; a valid one is carried out by {@link SyncCommandExecutor}, which retries a
 * failure (the database) with a growing pause. A command that still fails is dead-lettered with the error too, rather
 * than failing the channel: a command is a person's one-off request that they can repeat, and a stuck command must
 * not hold back every later command of every district behind it.
 */
@ApplicationScoped
public class SyncRequestListener {

    private static final Logger LOG = Logger.getLogger(SyncRequestListener.class);
    private static final Set<String> COMMANDS = Set.of("sync", "approve-held", "discard-held");

    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final SyncCommandExecutor executor;
    private final DeadLetters deadLetters;

    public SyncRequestListener(SyncCommandExecutor executor, DeadLetters deadLetters) {
        this.executor = executor;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.SYNC_REQUESTS_CHANNEL)
    @Blocking
    public void onCommand(ConsumerRecord<String, String> record) {
        SyncRequestCommand command = null;
        if (record.value() != null) {
            JsonNode tree;
            try {
                tree = json.readTree(record.value());
            } catch (JsonProcessingException e) {
                deadLetters.park(record, "unreadable sync.requests command: " + e.getOriginalMessage());
                return;
            }
            try {
                command = json.treeToValue(tree, SyncRequestCommand.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // JSON, but a field of the wrong type (a runId that is no UUID): name the command support sent
                deadLetters.park(record, "unreadable sync.requests command " + commandId(tree) + ": " + e.getMessage());
                return;
            }
        }
        String problem = problem(command);
        if (problem != null) {
            deadLetters.park(record, problem);
            return;
        }
        try {
            executor.execute(command);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Command %s (%s of %s) failed after retries", command.commandId(), command.command(), command.districtId());
            deadLetters.park(record, "command " + command.commandId() + " failed after retries: " + rootMessage(e));
        }
    }

    /** Why the command breaks the contract, or null. */
    private static String problem(SyncRequestCommand command) {
        if (command == null) {
            return "sync.requests record without a command (null value)";
        }
        if (command.schemaVersion() != 1) {
            return "sync.requests command " + command.commandId() + " of unknown schemaVersion " + command.schemaVersion();
        }
        if (command.districtId() == null || command.command() == null || command.requestedBy() == null) {
            return "incomplete sync.requests command " + command.commandId() + ": districtId, command and requestedBy are required";
        }
        if (!COMMANDS.contains(command.command())) {
            return "unknown command " + command.command() + " (" + command.commandId() + ")";
        }
        if (!command.command().equals("sync") && command.runId() == null) {
            return "command " + command.commandId() + " (" + command.command() + ") without a runId";
        }
        return null;
    }

    /** The command's id as sent, if it is a UUID (anything else is not repeated into the log), else "without a readable commandId". */
    private static String commandId(JsonNode tree) {
        try {
            return UUID.fromString(tree.path("commandId").asText("")).toString();
        } catch (IllegalArgumentException e) {
            return "without a readable commandId";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
