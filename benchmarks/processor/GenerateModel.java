import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model of N entities, typical of a business application, for the processor benchmark:
 * each with an identity key, a version, a dozen basic attributes (strings with lengths, numbers,
 * dates, an enum, a LOB), an embedded address, a many-to-one to the previous entity with the
 * inverse one-to-many, an element collection, an index and Bean-Validation-free constraints.
 *
 * <p>Usage: {@code java GenerateModel.java <dir> <count>}
 */
public class GenerateModel {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve("bench/model");
        int count = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Status.java"), "package bench.model;\npublic enum Status { NEW, ACTIVE, SUSPENDED, CLOSED }\n");
        Files.writeString(dir.resolve("Address.java"), """
                package bench.model;
                import jakarta.persistence.*;
                @Embeddable
                public class Address {
                    @Column(length = 120) private String street;
                    @Column(length = 60) private String city;
                    @Column(length = 12) private String postalCode;
                    @Column(length = 2) private String country;
                }
                """);
        for (int i = 0; i < count; i++) {
            String name = "Entity" + i;
            String previous = "Entity" + (i == 0 ? count - 1 : i - 1);
            String next = "Entity" + ((i + 1) % count);
            Files.writeString(dir.resolve(name + ".java"), """
                    package bench.model;

                    import jakarta.persistence.*;
                    import java.math.BigDecimal;
                    import java.time.*;
                    import java.util.*;

                    @Entity
                    @Table(name = "entity_%1$d", indexes = @Index(columnList = "code"),
                            uniqueConstraints = @UniqueConstraint(columnNames = {"code", "version"}))
                    public class %2$s {
                        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private Long id;
                        @Version private long version;
                        @Column(nullable = false, length = 40) private String code;
                        @Column(length = 200) private String title;
                        private String description;
                        @Lob private String notes;
                        private int quantity;
                        private Integer priority;
                        @Column(precision = 12, scale = 2) private BigDecimal amount;
                        private boolean active;
                        private LocalDate validFrom;
                        private LocalDateTime updatedAt;
                        private Instant createdAt;
                        @Enumerated(EnumType.STRING) private Status status;
                        private UUID externalId;
                        @Embedded private Address address;
                        @ManyToOne(fetch = FetchType.LAZY) private %3$s parent;
                        @OneToMany(mappedBy = "parent") private List<%4$s> children = new ArrayList<>();
                        @ElementCollection private Set<String> tags = new HashSet<>();
                        @Transient private String cached;

                        public Long getId() { return id; }
                        public String getCode() { return code; }
                        public void setCode(String code) { this.code = code; }
                        public String getTitle() { return title; }
                        public void setTitle(String title) { this.title = title; }
                        public Status getStatus() { return status; }
                        public void setStatus(Status status) { this.status = status; }
                    }
                    """.formatted(i, name, previous, next));
        }
    }
}
