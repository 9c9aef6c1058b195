using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IngestPlatform.Storage.Data.Migrations
{
    /// <inheritdoc />
    public partial class RawSha256InFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "sha256",
                table: "ingest_failures",
                newName: "raw_sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "raw_sha256",
                table: "ingest_failures",
                newName: "sha256");
        }
    }
}
