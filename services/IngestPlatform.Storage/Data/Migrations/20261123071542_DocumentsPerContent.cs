using System;
using IngestPlatform.Storage.Data;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace IngestPlatform.Storage.Data.Migrations
{
    /// <summary>
    /// 0.3 kept one row per raw file in <c>documents</c>; 0.4 keeps one per distinct normalized content, with a
    /// <c>document_sources</c> row per file that delivered it. Existing rows are carried over, not dropped: the
    /// old table is set aside, the new ones are created, filled from it (the normalized-content hash computed
    /// in SQL exactly as the normalizer computes it: SHA-256 of the text in UTF-8), and the old table dropped.
    /// A document keeps the id of its first old row. What 0.3 did not record gets an honest placeholder: stage
    /// times are the old ingest time, versions say "before 0.4".
    /// </summary>
    public partial class DocumentsPerContent : Migration
    {
        // The language -> text-search configuration map as of 0.4, frozen here as a migration must be.
        private const string SearchConfigurations = """
            ('ar','arabic'),('hy','armenian'),('eu','basque'),('ca','catalan'),('da','danish'),('nl','dutch'),
            ('en','english'),('fi','finnish'),('fr','french'),('de','german'),('el','greek'),('hi','hindi'),
            ('hu','hungarian'),('id','indonesian'),('ga','irish'),('it','italian'),('lt','lithuanian'),('ne','nepali'),
            ('nb','norwegian'),('nn','norwegian'),('no','norwegian'),('pt','portuguese'),('ro','romanian'),
            ('ru','russian'),('sr','serbian'),('es','spanish'),('sv','swedish'),('ta','tamil'),('tr','turkish'),
            ('yi','yiddish')
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE documents RENAME TO documents_v03;
                ALTER INDEX "PK_documents" RENAME TO "PK_documents_v03";
                ALTER INDEX "IX_documents_content_sha256" RENAME TO "IX_documents_v03_content_sha256";
                ALTER INDEX "IX_documents_language" RENAME TO "IX_documents_v03_language";
                ALTER SEQUENCE documents_id_seq RENAME TO documents_v03_id_seq;
                """);

            // Before the table: documents.search_vector is generated with it.
            migrationBuilder.Sql(SearchVectorFunction.Create);

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    content_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    original_text = table.Column<string>(type: "text", nullable: false),
                    encoding = table.Column<string>(type: "text", nullable: false),
                    word_count = table.Column<int>(type: "integer", nullable: false),
                    publication_date = table.Column<string>(type: "text", nullable: true),
                    source_url = table.Column<string>(type: "text", nullable: true),
                    outlet = table.Column<string>(type: "text", nullable: true),
                    copyright = table.Column<string>(type: "text", nullable: true),
                    photo_credits = table.Column<string[]>(type: "text[]", nullable: false),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    language_confidence = table.Column<double>(type: "double precision", nullable: false),
                    language_runner_up = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    search_config = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "ingest_search_vector(search_config, title, text)", stored: true),
                    normalizer_version = table.Column<string>(type: "text", nullable: false),
                    detector_version = table.Column<string>(type: "text", nullable: false),
                    normalized_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    language_detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "document_sources",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    document_id = table.Column<long>(type: "bigint", nullable: false),
                    raw_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    relative_path = table.Column<string>(type: "text", nullable: false),
                    file_name = table.Column<string>(type: "text", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    file_created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    file_modified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    encoding = table.Column<string>(type: "text", nullable: false),
                    normalizer_version = table.Column<string>(type: "text", nullable: false),
                    detector_version = table.Column<string>(type: "text", nullable: false),
                    discovered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    normalized_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    language_detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_document_sources", x => x.id);
                    table.ForeignKey(
                        name: "FK_document_sources_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_document_sources_document_id",
                table: "document_sources",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "IX_document_sources_file_id",
                table: "document_sources",
                column: "file_id");

            migrationBuilder.CreateIndex(
                name: "IX_document_sources_raw_sha256_relative_path",
                table: "document_sources",
                columns: new[] { "raw_sha256", "relative_path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_documents_content_sha256",
                table: "documents",
                column: "content_sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_documents_language",
                table: "documents",
                column: "language");

            migrationBuilder.CreateIndex(
                name: "IX_documents_search_vector",
                table: "documents",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_documents_stored_at",
                table: "documents",
                column: "stored_at");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "ingest_failures",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "rejected");

            migrationBuilder.AddColumn<Guid>(
                name: "message_id",
                table: "ingest_failures",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ingest_failures_rejected_at",
                table: "ingest_failures",
                column: "rejected_at");

            migrationBuilder.Sql($$"""
                INSERT INTO documents (
                    id, content_sha256, title, text, original_text, encoding, word_count, photo_credits,
                    language, language_confidence, language_runner_up, search_config,
                    normalizer_version, detector_version, normalized_at, language_detected_at, stored_at)
                OVERRIDING SYSTEM VALUE
                SELECT DISTINCT ON (o.hash)
                    o.id, o.hash, o.title, o.text, o.original_text, o.encoding,
                    coalesce(array_length(regexp_split_to_array(btrim(o.text), '\s+'), 1), 0), '{}',
                    o.language, o.language_confidence, o.language_runner_up, coalesce(c.config, 'simple'),
                    'normalizer before 0.4', 'language-detector before 0.4', o.ingested_at, o.ingested_at, o.ingested_at
                FROM (SELECT *, encode(sha256(convert_to(text, 'UTF8')), 'hex') AS hash FROM documents_v03) o
                LEFT JOIN (VALUES {{SearchConfigurations}}) AS c(language, config) ON c.language = o.language
                ORDER BY o.hash, o.id;

                INSERT INTO document_sources (
                    document_id, raw_sha256, relative_path, file_name, size_bytes, file_created_at, file_modified_at,
                    file_id, encoding, normalizer_version, detector_version,
                    discovered_at, normalized_at, language_detected_at, stored_at)
                SELECT d.id, o.content_sha256, o.source_path, o.source_file_name, o.source_size_bytes, o.discovered_at, o.discovered_at,
                    o.file_id, o.encoding, 'normalizer before 0.4', 'language-detector before 0.4',
                    o.discovered_at, o.ingested_at, o.ingested_at, o.ingested_at
                FROM documents_v03 o
                JOIN documents d ON d.content_sha256 = encode(sha256(convert_to(o.text, 'UTF8')), 'hex')
                ORDER BY o.id
                ON CONFLICT (raw_sha256, relative_path) DO NOTHING;

                SELECT setval(pg_get_serial_sequence('documents', 'id'), coalesce((SELECT max(id) FROM documents), 0) + 1, false);
                DROP TABLE documents_v03;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one row per raw file: the first source of each raw hash, with its document's fields.
            migrationBuilder.Sql("""
                CREATE TABLE documents_v03 (
                    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_documents_v03" PRIMARY KEY,
                    content_sha256 character varying(64) NOT NULL, source_file_name text NOT NULL, source_path text NOT NULL,
                    source_size_bytes bigint NOT NULL, encoding text NOT NULL, title text NOT NULL, text text NOT NULL,
                    original_text text NOT NULL, language character varying(8) NOT NULL, language_confidence double precision NOT NULL,
                    language_runner_up character varying(8), file_id uuid NOT NULL, discovered_at timestamp with time zone NOT NULL,
                    ingested_at timestamp with time zone NOT NULL);
                INSERT INTO documents_v03 (
                    content_sha256, source_file_name, source_path, source_size_bytes, encoding, title, text, original_text,
                    language, language_confidence, language_runner_up, file_id, discovered_at, ingested_at)
                SELECT DISTINCT ON (s.raw_sha256)
                    s.raw_sha256, s.file_name, s.relative_path, s.size_bytes, s.encoding, d.title, d.text, d.original_text,
                    d.language, d.language_confidence, d.language_runner_up, s.file_id, s.discovered_at, s.stored_at
                FROM document_sources s JOIN documents d ON d.id = s.document_id
                ORDER BY s.raw_sha256, s.id;
                DROP TABLE document_sources;
                DROP TABLE documents;
                ALTER TABLE documents_v03 RENAME TO documents;
                ALTER INDEX "PK_documents_v03" RENAME TO "PK_documents";
                ALTER SEQUENCE documents_v03_id_seq RENAME TO documents_id_seq;
                CREATE UNIQUE INDEX "IX_documents_content_sha256" ON documents (content_sha256);
                CREATE INDEX "IX_documents_language" ON documents (language);
                """);

            migrationBuilder.Sql(SearchVectorFunction.Drop);

            migrationBuilder.DropIndex(
                name: "IX_ingest_failures_rejected_at",
                table: "ingest_failures");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "ingest_failures");

            migrationBuilder.DropColumn(
                name: "message_id",
                table: "ingest_failures");
        }
    }
}
