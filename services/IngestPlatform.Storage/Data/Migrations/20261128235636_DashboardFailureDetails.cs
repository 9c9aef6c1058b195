using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IngestPlatform.Storage.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardFailureDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "failed_path",
                table: "ingest_failures",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "failed_path",
                table: "ingest_failures");
        }
    }
}
